CREATE TABLE "academics"."disclosures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"viewer_id" uuid NOT NULL,
	"viewer_role" "academics"."role" NOT NULL,
	"student_id" uuid NOT NULL,
	"areas" text[] NOT NULL,
	"fields" text[] NOT NULL,
	"operation_name" text,
	"request_id" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "disclosures_student_idx" ON "academics"."disclosures" USING btree ("student_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "disclosures_viewer_idx" ON "academics"."disclosures" USING btree ("viewer_id","occurred_at" DESC NULLS LAST);