CREATE SCHEMA "academics";
--> statement-breakpoint
CREATE TYPE "academics"."academic_subject" AS ENUM('English Language Arts', 'Mathematics', 'Science', 'Social Studies', 'Fine and Performing Arts', 'Physical, Health, and Safety Education', 'World Languages');--> statement-breakpoint
CREATE TYPE "academics"."assessment_purpose" AS ENUM('Formative', 'Summative', 'Diagnostic');--> statement-breakpoint
CREATE TYPE "academics"."classroom_position" AS ENUM('Teacher of Record', 'Assistant Teacher', 'Support Teacher');--> statement-breakpoint
CREATE TYPE "academics"."grade_type" AS ENUM('Progress Report', 'Grading Period', 'Semester', 'Final');--> statement-breakpoint
CREATE TYPE "academics"."gradebook_entry_type" AS ENUM('Assignment', 'Homework', 'Quiz', 'Unit Test', 'Classroom Assessment', 'Project', 'Lab');--> statement-breakpoint
CREATE TYPE "academics"."person_type" AS ENUM('Student', 'Contact', 'Staff');--> statement-breakpoint
CREATE TYPE "academics"."relation" AS ENUM('Mother', 'Father', 'Guardian', 'Court Appointed Guardian', 'Foster Parent', 'Grandmother', 'Grandfather', 'Aunt', 'Uncle', 'Stepmother', 'Stepfather', 'Other');--> statement-breakpoint
CREATE TYPE "academics"."role" AS ENUM('GUARDIAN', 'STUDENT', 'TEACHER', 'ADMIN');--> statement-breakpoint
CREATE TYPE "academics"."school_category" AS ENUM('Elementary School', 'Middle School', 'High School');--> statement-breakpoint
CREATE TYPE "academics"."score_status" AS ENUM('exempt', 'fully graded', 'not submitted', 'partially graded', 'submitted');--> statement-breakpoint
CREATE TYPE "academics"."staff_classification" AS ENUM('Teacher', 'Principal', 'School Administrator', 'Counselor', 'Superintendent', 'LEA Administrator');--> statement-breakpoint
CREATE TABLE "academics"."accounts" (
	"login" text PRIMARY KEY NOT NULL,
	"person_type" "academics"."person_type" NOT NULL,
	"person_id" uuid NOT NULL,
	"role" "academics"."role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contact_unique_id" text NOT NULL,
	"first_name" text NOT NULL,
	"last_surname" text NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"preferred_language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_contact_unique_id_unique" UNIQUE("contact_unique_id")
);
--> statement-breakpoint
CREATE TABLE "academics"."courses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"course_code" text NOT NULL,
	"title" text NOT NULL,
	"subject" "academics"."academic_subject" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."gradebook_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"section_id" uuid NOT NULL,
	"grading_period_id" uuid NOT NULL,
	"title" text NOT NULL,
	"entry_type" "academics"."gradebook_entry_type" NOT NULL,
	"category" text NOT NULL,
	"category_weight" integer NOT NULL,
	"purpose" "academics"."assessment_purpose" NOT NULL,
	"assigned_date" date NOT NULL,
	"due_date" date NOT NULL,
	"max_points" numeric(7, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."grading_periods" (
	"id" uuid PRIMARY KEY NOT NULL,
	"term_id" uuid NOT NULL,
	"name" text NOT NULL,
	"begin_date" date NOT NULL,
	"end_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."schools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_code" text NOT NULL,
	"name" text NOT NULL,
	"category" "academics"."school_category" NOT NULL,
	"lowest_grade" integer NOT NULL,
	"highest_grade" integer NOT NULL,
	"phone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schools_school_code_unique" UNIQUE("school_code")
);
--> statement-breakpoint
CREATE TABLE "academics"."section_grades" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"grading_period_id" uuid NOT NULL,
	"grade_type" "academics"."grade_type" NOT NULL,
	"letter_grade_earned" text NOT NULL,
	"numeric_grade_earned" numeric(5, 2) NOT NULL,
	"as_of_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."sections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"course_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"term_id" uuid NOT NULL,
	"section_identifier" text NOT NULL,
	"period" integer,
	"room" text NOT NULL,
	"gradebook_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."staff" (
	"id" uuid PRIMARY KEY NOT NULL,
	"staff_unique_id" text NOT NULL,
	"first_name" text NOT NULL,
	"last_surname" text NOT NULL,
	"email" text NOT NULL,
	"classification" "academics"."staff_classification" NOT NULL,
	"school_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_staff_unique_id_unique" UNIQUE("staff_unique_id")
);
--> statement-breakpoint
CREATE TABLE "academics"."staff_section_associations" (
	"staff_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"classroom_position" "academics"."classroom_position" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_section_associations_staff_id_section_id_pk" PRIMARY KEY("staff_id","section_id")
);
--> statement-breakpoint
CREATE TABLE "academics"."student_contact_associations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"relation" "academics"."relation" NOT NULL,
	"legal_guardian" boolean NOT NULL,
	"lives_with" boolean NOT NULL,
	"primary_contact_status" boolean NOT NULL,
	"emergency_contact_status" boolean NOT NULL,
	"contact_priority" integer NOT NULL,
	"data_access_begin_date" date NOT NULL,
	"data_access_end_date" date,
	"restriction_document" text,
	"restricted_at" timestamp with time zone,
	"student_consent_granted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."student_gradebook_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"gradebook_entry_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"points_earned" numeric(7, 2),
	"letter_grade" text,
	"score_status" "academics"."score_status" NOT NULL,
	"missing" boolean DEFAULT false NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"incomplete" boolean DEFAULT false NOT NULL,
	"exempt" boolean DEFAULT false NOT NULL,
	"dropped" boolean DEFAULT false NOT NULL,
	"comment" text,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."student_section_associations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"begin_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academics"."students" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_unique_id" text NOT NULL,
	"first_name" text NOT NULL,
	"last_surname" text NOT NULL,
	"preferred_name" text,
	"birth_date" date NOT NULL,
	"school_id" uuid NOT NULL,
	"grade_level" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "students_student_unique_id_unique" UNIQUE("student_unique_id")
);
--> statement-breakpoint
CREATE TABLE "academics"."terms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_year" integer NOT NULL,
	"name" text NOT NULL,
	"begin_date" date NOT NULL,
	"end_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "academics"."courses" ADD CONSTRAINT "courses_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "academics"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."gradebook_entries" ADD CONSTRAINT "gradebook_entries_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "academics"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."gradebook_entries" ADD CONSTRAINT "gradebook_entries_grading_period_id_grading_periods_id_fk" FOREIGN KEY ("grading_period_id") REFERENCES "academics"."grading_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."grading_periods" ADD CONSTRAINT "grading_periods_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "academics"."terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."section_grades" ADD CONSTRAINT "section_grades_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "academics"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."section_grades" ADD CONSTRAINT "section_grades_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "academics"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."section_grades" ADD CONSTRAINT "section_grades_grading_period_id_grading_periods_id_fk" FOREIGN KEY ("grading_period_id") REFERENCES "academics"."grading_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."sections" ADD CONSTRAINT "sections_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "academics"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."sections" ADD CONSTRAINT "sections_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "academics"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."sections" ADD CONSTRAINT "sections_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "academics"."terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."staff" ADD CONSTRAINT "staff_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "academics"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."staff_section_associations" ADD CONSTRAINT "staff_section_associations_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "academics"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."staff_section_associations" ADD CONSTRAINT "staff_section_associations_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "academics"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."student_contact_associations" ADD CONSTRAINT "student_contact_associations_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "academics"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."student_contact_associations" ADD CONSTRAINT "student_contact_associations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "academics"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."student_gradebook_entries" ADD CONSTRAINT "student_gradebook_entries_gradebook_entry_id_gradebook_entries_id_fk" FOREIGN KEY ("gradebook_entry_id") REFERENCES "academics"."gradebook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."student_gradebook_entries" ADD CONSTRAINT "student_gradebook_entries_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "academics"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."student_section_associations" ADD CONSTRAINT "student_section_associations_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "academics"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."student_section_associations" ADD CONSTRAINT "student_section_associations_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "academics"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "academics"."students" ADD CONSTRAINT "students_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "academics"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_person_idx" ON "academics"."accounts" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "courses_school_code_idx" ON "academics"."courses" USING btree ("school_id","course_code");--> statement-breakpoint
CREATE INDEX "gradebook_entries_section_due_idx" ON "academics"."gradebook_entries" USING btree ("section_id","due_date");--> statement-breakpoint
CREATE INDEX "grading_periods_term_idx" ON "academics"."grading_periods" USING btree ("term_id");--> statement-breakpoint
CREATE UNIQUE INDEX "section_grades_key_idx" ON "academics"."section_grades" USING btree ("student_id","section_id","grading_period_id","grade_type");--> statement-breakpoint
CREATE INDEX "sections_course_idx" ON "academics"."sections" USING btree ("course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sections_identifier_idx" ON "academics"."sections" USING btree ("school_id","section_identifier");--> statement-breakpoint
CREATE INDEX "staff_school_idx" ON "academics"."staff" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "ssa_section_idx" ON "academics"."staff_section_associations" USING btree ("section_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sca_student_contact_idx" ON "academics"."student_contact_associations" USING btree ("student_id","contact_id");--> statement-breakpoint
CREATE INDEX "sca_contact_idx" ON "academics"."student_contact_associations" USING btree ("contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sge_entry_student_idx" ON "academics"."student_gradebook_entries" USING btree ("gradebook_entry_id","student_id");--> statement-breakpoint
CREATE INDEX "sge_student_idx" ON "academics"."student_gradebook_entries" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stsa_student_section_idx" ON "academics"."student_section_associations" USING btree ("student_id","section_id","begin_date");--> statement-breakpoint
CREATE INDEX "stsa_section_idx" ON "academics"."student_section_associations" USING btree ("section_id");--> statement-breakpoint
CREATE INDEX "students_school_idx" ON "academics"."students" USING btree ("school_id");