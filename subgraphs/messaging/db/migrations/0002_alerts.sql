CREATE TYPE "messaging"."delivery_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
ALTER TYPE "messaging"."notification_kind" ADD VALUE 'announcements';--> statement-breakpoint
CREATE TABLE "messaging"."alert_deliveries" (
	"alert_id" uuid NOT NULL,
	"channel" "messaging"."notification_channel" NOT NULL,
	"address" text NOT NULL,
	"status" "messaging"."delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"not_before" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"queued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_deliveries_alert_id_channel_pk" PRIMARY KEY("alert_id","channel")
);
--> statement-breakpoint
CREATE TABLE "messaging"."alert_recipients" (
	"student_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"student_name" text NOT NULL,
	"school_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_recipients_student_id_contact_id_pk" PRIMARY KEY("student_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "messaging"."alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contact_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"event_kind" text NOT NULL,
	"kind" "messaging"."notification_kind",
	"title" text NOT NULL,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"source" text NOT NULL,
	"outbox_id" bigint NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_once" UNIQUE("contact_id","source","outbox_id")
);
--> statement-breakpoint
CREATE TABLE "messaging"."notification_settings" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"quiet_hours_start" time,
	"quiet_hours_end" time,
	"sms_opted_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messaging"."processed_events" (
	"source" text NOT NULL,
	"outbox_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_source_outbox_id_pk" PRIMARY KEY("source","outbox_id")
);
--> statement-breakpoint
ALTER TABLE "messaging"."alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "messaging"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_unqueued_idx" ON "messaging"."alert_deliveries" USING btree ("created_at") WHERE "messaging"."alert_deliveries"."queued_at" is null;--> statement-breakpoint
CREATE INDEX "alert_recipients_contact_idx" ON "messaging"."alert_recipients" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "alerts_contact_created_idx" ON "messaging"."alerts" USING btree ("contact_id","created_at");