CREATE TABLE "finance"."dev_provider_charges" (
	"id" text PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"token" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"status" text NOT NULL,
	"captured_at" timestamp with time zone,
	"refunded_cents" integer DEFAULT 0 NOT NULL,
	"authorize_calls" integer DEFAULT 1 NOT NULL,
	"capture_calls" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dev_provider_charges_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "finance"."dev_provider_refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"charge_id" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dev_provider_refunds_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "finance"."money_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"viewer_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"operation" text NOT NULL,
	"request_digest" text NOT NULL,
	"student_id" uuid NOT NULL,
	"provider_key" text NOT NULL,
	"status" text NOT NULL,
	"lease_until" timestamp with time zone,
	"response" text,
	"error_code" text,
	"error_message" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "money_requests_provider_key_unique" UNIQUE("provider_key"),
	CONSTRAINT "money_requests_viewer_key" UNIQUE("viewer_id","idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "finance"."fees" ADD COLUMN "voided_by" uuid;--> statement-breakpoint
ALTER TABLE "finance"."meal_transactions" ADD COLUMN "contact_id" uuid;--> statement-breakpoint
ALTER TABLE "finance"."meal_transactions" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "finance"."meal_transactions" ADD COLUMN "provider_charge_id" text;--> statement-breakpoint
ALTER TABLE "finance"."payments" ADD COLUMN "provider_charge_id" text;--> statement-breakpoint
ALTER TABLE "finance"."payments" ADD COLUMN "refund_of" uuid;--> statement-breakpoint
ALTER TABLE "finance"."payments" ADD COLUMN "recorded_by" uuid;--> statement-breakpoint
ALTER TABLE "finance"."dev_provider_refunds" ADD CONSTRAINT "dev_provider_refunds_charge_id_dev_provider_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "finance"."dev_provider_charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "money_requests_student_idx" ON "finance"."money_requests" USING btree ("student_id");--> statement-breakpoint
ALTER TABLE "finance"."payments" ADD CONSTRAINT "payments_refund_of_payments_id_fk" FOREIGN KEY ("refund_of") REFERENCES "finance"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_refund_of_idx" ON "finance"."payments" USING btree ("refund_of");--> statement-breakpoint
ALTER TABLE "finance"."meal_transactions" ADD CONSTRAINT "meal_transactions_idempotency_key_unique" UNIQUE("idempotency_key");--> statement-breakpoint
ALTER TABLE "finance"."payment_allocations" ADD CONSTRAINT "payment_allocations_amount_nonzero" CHECK ("finance"."payment_allocations"."amount_cents" <> 0);--> statement-breakpoint
ALTER TABLE "finance"."payments" ADD CONSTRAINT "payments_amount_sign" CHECK (("finance"."payments"."refund_of" is null and "finance"."payments"."amount_cents" > 0) or ("finance"."payments"."refund_of" is not null and "finance"."payments"."amount_cents" < 0));