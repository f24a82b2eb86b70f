CREATE SCHEMA "transportation";
--> statement-breakpoint
CREATE TYPE "transportation"."public_expense_eligibility_type" AS ENUM('Eligible - CTE', 'Eligible - Desegregation', 'Eligible - Disability', 'Eligible - Distance', 'Eligible - Health Impaired', 'Eligible - Homelessness', 'Eligible - Shelter Care', 'Eligible - Special Instruction', 'Eligible - Unsafe Walk', 'Eligible - Other', 'Not Eligible');--> statement-breakpoint
CREATE TYPE "transportation"."transportation_type" AS ENUM('School Bus', 'School Van or SUV', 'Special Needs Bus', 'General Public Transportation', 'Responsible for own transportation');--> statement-breakpoint
CREATE TYPE "transportation"."travel_day_of_week" AS ENUM('Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday');--> statement-breakpoint
CREATE TYPE "transportation"."travel_direction" AS ENUM('To School', 'From School');--> statement-breakpoint
CREATE TABLE "transportation"."bus_routes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"route_number" text NOT NULL,
	"bus_number" text NOT NULL,
	"school_id" uuid NOT NULL,
	"direction" "transportation"."travel_direction" NOT NULL,
	"school_time" time NOT NULL,
	"depot" text NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transportation"."bus_stops" (
	"id" uuid PRIMARY KEY NOT NULL,
	"route_id" uuid NOT NULL,
	"stop_sequence" integer NOT NULL,
	"name" text NOT NULL,
	"scheduled_time" time NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transportation"."student_transportations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"transportation_type" "transportation"."transportation_type" NOT NULL,
	"eligibility" "transportation"."public_expense_eligibility_type" NOT NULL,
	"special_accommodation_requirements" text,
	"am_stop_id" uuid,
	"pm_stop_id" uuid,
	"days_of_week" "transportation"."travel_day_of_week"[] NOT NULL,
	"begin_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transportation"."bus_stops" ADD CONSTRAINT "bus_stops_route_id_bus_routes_id_fk" FOREIGN KEY ("route_id") REFERENCES "transportation"."bus_routes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transportation"."student_transportations" ADD CONSTRAINT "student_transportations_am_stop_id_bus_stops_id_fk" FOREIGN KEY ("am_stop_id") REFERENCES "transportation"."bus_stops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transportation"."student_transportations" ADD CONSTRAINT "student_transportations_pm_stop_id_bus_stops_id_fk" FOREIGN KEY ("pm_stop_id") REFERENCES "transportation"."bus_stops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bus_routes_number_direction_idx" ON "transportation"."bus_routes" USING btree ("route_number","direction");--> statement-breakpoint
CREATE INDEX "bus_routes_school_idx" ON "transportation"."bus_routes" USING btree ("school_id","direction");--> statement-breakpoint
CREATE UNIQUE INDEX "bus_stops_route_sequence_idx" ON "transportation"."bus_stops" USING btree ("route_id","stop_sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "student_transportations_student_begin_idx" ON "transportation"."student_transportations" USING btree ("student_id","begin_date");--> statement-breakpoint
CREATE INDEX "student_transportations_am_stop_idx" ON "transportation"."student_transportations" USING btree ("am_stop_id");--> statement-breakpoint
CREATE INDEX "student_transportations_pm_stop_idx" ON "transportation"."student_transportations" USING btree ("pm_stop_id");