CREATE SCHEMA "messaging";
--> statement-breakpoint
CREATE TYPE "messaging"."notification_channel" AS ENUM('email', 'SMS', 'push');--> statement-breakpoint
CREATE TYPE "messaging"."notification_kind" AS ENUM('attendance', 'grades', 'missing work', 'low meal balance', 'behaviour', 'messages');--> statement-breakpoint
CREATE TYPE "messaging"."person_type" AS ENUM('Contact', 'Staff', 'Student');--> statement-breakpoint
CREATE TABLE "messaging"."announcements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"section_id" uuid,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messaging"."messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"thread_id" uuid NOT NULL,
	"sender_id" uuid NOT NULL,
	"sender_type" "messaging"."person_type" NOT NULL,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messaging"."notification_preferences" (
	"contact_id" uuid NOT NULL,
	"kind" "messaging"."notification_kind" NOT NULL,
	"channel" "messaging"."notification_channel" NOT NULL,
	"enabled" boolean NOT NULL,
	"threshold" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_contact_id_kind_channel_pk" PRIMARY KEY("contact_id","kind","channel")
);
--> statement-breakpoint
CREATE TABLE "messaging"."thread_participants" (
	"thread_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"person_type" "messaging"."person_type" NOT NULL,
	"display_name" text NOT NULL,
	"last_read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "thread_participants_thread_id_person_id_pk" PRIMARY KEY("thread_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "messaging"."threads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"section_id" uuid,
	"subject" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messaging"."messages" ADD CONSTRAINT "messages_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "messaging"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging"."thread_participants" ADD CONSTRAINT "thread_participants_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "messaging"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "announcements_school_published_idx" ON "messaging"."announcements" USING btree ("school_id","published_at");--> statement-breakpoint
CREATE INDEX "messages_thread_sent_idx" ON "messaging"."messages" USING btree ("thread_id","sent_at");--> statement-breakpoint
CREATE INDEX "thread_participants_person_idx" ON "messaging"."thread_participants" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "threads_student_idx" ON "messaging"."threads" USING btree ("student_id");