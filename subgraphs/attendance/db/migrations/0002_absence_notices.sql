CREATE TYPE "attendance"."absence_notice_reason" AS ENUM('Illness', 'Medical appointment', 'Family emergency', 'Religious observance', 'Bereavement', 'Court appearance', 'Other');--> statement-breakpoint
CREATE TYPE "attendance"."absence_notice_status" AS ENUM('Pending', 'Excused', 'Unexcused');--> statement-breakpoint
CREATE TABLE "attendance"."absence_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"date" date NOT NULL,
	"reason" "attendance"."absence_notice_reason" NOT NULL,
	"note" text,
	"status" "attendance"."absence_notice_status" DEFAULT 'Pending' NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "absence_notices_student_date_idx" ON "attendance"."absence_notices" USING btree ("student_id","date");--> statement-breakpoint
CREATE INDEX "absence_notices_pending_idx" ON "attendance"."absence_notices" USING btree ("date") WHERE "attendance"."absence_notices"."status" = 'Pending';