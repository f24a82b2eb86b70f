CREATE SCHEMA "behaviour";
--> statement-breakpoint
CREATE TYPE "behaviour"."behavior_category" AS ENUM('School Code of Conduct', 'School Violation', 'State Offense');--> statement-breakpoint
CREATE TYPE "behaviour"."discipline_action" AS ENUM('Verbal warning', 'Parent conference', 'Detention', 'Removal from Classroom', 'In School Suspension', 'Out of School Suspension');--> statement-breakpoint
CREATE TYPE "behaviour"."incident_location" AS ENUM('Classroom', 'Cafeteria area', 'School bus', 'Bus stop', 'Hallway or stairs', 'Playground', 'Gymnasium', 'Library/media center', 'Online', 'Parking lot');--> statement-breakpoint
CREATE TYPE "behaviour"."participation_code" AS ENUM('Perpetrator', 'Victim', 'Witness', 'Reporter');--> statement-breakpoint
CREATE TYPE "behaviour"."recognition_type" AS ENUM('Commendation', 'Citizenship award', 'Honor roll', 'Perfect attendance', 'Student of the month');--> statement-breakpoint
CREATE TABLE "behaviour"."discipline_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"discipline_action" "behaviour"."discipline_action" NOT NULL,
	"discipline_date" date NOT NULL,
	"action_length_days" numeric(4, 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "behaviour"."discipline_incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"incident_identifier" text NOT NULL,
	"incident_date" date NOT NULL,
	"incident_time" time NOT NULL,
	"incident_location" "behaviour"."incident_location" NOT NULL,
	"behavior_category" "behaviour"."behavior_category" NOT NULL,
	"behavior_description" text NOT NULL,
	"reported_by_staff_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "behaviour"."incident_participants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"participation_code" "behaviour"."participation_code" NOT NULL,
	"behavior_detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_participants_incident_student_key" UNIQUE("incident_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "behaviour"."recognitions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"recognition_type" "behaviour"."recognition_type" NOT NULL,
	"description" text NOT NULL,
	"awarded_date" date NOT NULL,
	"awarded_by_staff_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "behaviour"."discipline_actions" ADD CONSTRAINT "discipline_actions_participant_fk" FOREIGN KEY ("incident_id","student_id") REFERENCES "behaviour"."incident_participants"("incident_id","student_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "behaviour"."incident_participants" ADD CONSTRAINT "incident_participants_incident_id_discipline_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "behaviour"."discipline_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discipline_actions_student_idx" ON "behaviour"."discipline_actions" USING btree ("student_id","discipline_date");--> statement-breakpoint
CREATE UNIQUE INDEX "discipline_incidents_identifier_idx" ON "behaviour"."discipline_incidents" USING btree ("school_id","incident_identifier");--> statement-breakpoint
CREATE INDEX "discipline_incidents_school_date_idx" ON "behaviour"."discipline_incidents" USING btree ("school_id","incident_date");--> statement-breakpoint
CREATE INDEX "incident_participants_student_idx" ON "behaviour"."incident_participants" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "recognitions_student_date_idx" ON "behaviour"."recognitions" USING btree ("student_id","awarded_date");