CREATE SCHEMA "finance";
--> statement-breakpoint
CREATE TYPE "finance"."fee_category" AS ENUM('Course fee', 'Activity fee', 'Technology fee', 'Field trip', 'Library fine', 'Athletics', 'Instrument rental');--> statement-breakpoint
CREATE TYPE "finance"."meal_transaction_kind" AS ENUM('Purchase', 'Deposit', 'Adjustment');--> statement-breakpoint
CREATE TYPE "finance"."payment_method" AS ENUM('Card', 'Cash', 'Check', 'Online');--> statement-breakpoint
CREATE TABLE "finance"."fees" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"school_year" integer NOT NULL,
	"category" "finance"."fee_category" NOT NULL,
	"description" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"due_date" date NOT NULL,
	"exempt" boolean DEFAULT false NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."meal_accounts" (
	"student_id" uuid PRIMARY KEY NOT NULL,
	"low_balance_threshold_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."meal_transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"kind" "finance"."meal_transaction_kind" NOT NULL,
	"amount_cents" integer NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."payment_allocations" (
	"payment_id" uuid NOT NULL,
	"fee_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_allocations_payment_id_fee_id_pk" PRIMARY KEY("payment_id","fee_id")
);
--> statement-breakpoint
CREATE TABLE "finance"."payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"student_id" uuid NOT NULL,
	"contact_id" uuid,
	"amount_cents" integer NOT NULL,
	"method" "finance"."payment_method" NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "finance"."meal_transactions" ADD CONSTRAINT "meal_transactions_student_id_meal_accounts_student_id_fk" FOREIGN KEY ("student_id") REFERENCES "finance"."meal_accounts"("student_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "finance"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."payment_allocations" ADD CONSTRAINT "payment_allocations_fee_id_fees_id_fk" FOREIGN KEY ("fee_id") REFERENCES "finance"."fees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fees_student_idx" ON "finance"."fees" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "meal_transactions_student_occurred_idx" ON "finance"."meal_transactions" USING btree ("student_id","occurred_at");--> statement-breakpoint
CREATE INDEX "payment_allocations_fee_idx" ON "finance"."payment_allocations" USING btree ("fee_id");--> statement-breakpoint
CREATE INDEX "payments_student_received_idx" ON "finance"."payments" USING btree ("student_id","received_at");