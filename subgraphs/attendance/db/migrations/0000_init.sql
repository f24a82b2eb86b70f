CREATE SCHEMA "attendance";
--> statement-breakpoint
CREATE TYPE "attendance"."attendance_event_category" AS ENUM('In Attendance', 'Excused Absence', 'Unexcused Absence', 'Tardy', 'Early departure', 'Partial');--> statement-breakpoint
CREATE TYPE "attendance"."calendar_event" AS ENUM('Instructional day', 'Make-up day', 'Holiday', 'Teacher only day', 'Non-instructional day', 'Weather day', 'Other');--> statement-breakpoint
CREATE TABLE "attendance"."calendar_dates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"date" date NOT NULL,
	"calendar_event" "attendance"."calendar_event" NOT NULL,
	"attendance_taken" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance"."student_school_associations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"entry_date" date NOT NULL,
	"exit_withdraw_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance"."student_school_attendance_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"event_date" date NOT NULL,
	"attendance_event_category" "attendance"."attendance_event_category" NOT NULL,
	"attendance_event_reason" text,
	"duration_minutes" integer,
	"arrival_time" time,
	"departure_time" time,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance"."student_section_associations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"period" integer,
	"begin_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance"."student_section_attendance_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"event_date" date NOT NULL,
	"period" integer,
	"attendance_event_category" "attendance"."attendance_event_category" NOT NULL,
	"attendance_event_reason" text,
	"duration_minutes" integer,
	"arrival_time" time,
	"departure_time" time,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_dates_school_date_idx" ON "attendance"."calendar_dates" USING btree ("school_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "ssa_student_entry_idx" ON "attendance"."student_school_associations" USING btree ("student_id","entry_date");--> statement-breakpoint
CREATE INDEX "ssa_school_idx" ON "attendance"."student_school_associations" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "ssae_student_date_idx" ON "attendance"."student_school_attendance_events" USING btree ("student_id","event_date");--> statement-breakpoint
CREATE UNIQUE INDEX "stsa_student_section_begin_idx" ON "attendance"."student_section_associations" USING btree ("student_id","section_id","begin_date");--> statement-breakpoint
CREATE INDEX "stsa_section_idx" ON "attendance"."student_section_associations" USING btree ("section_id");--> statement-breakpoint
CREATE INDEX "stsae_student_date_idx" ON "attendance"."student_section_attendance_events" USING btree ("student_id","event_date");