CREATE TABLE "academics"."portal_sign_ins" (
	"contact_id" uuid NOT NULL,
	"signed_in_on" date NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_sign_ins_contact_id_signed_in_on_pk" PRIMARY KEY("contact_id","signed_in_on")
);
--> statement-breakpoint
ALTER TABLE "academics"."portal_sign_ins" ADD CONSTRAINT "portal_sign_ins_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "academics"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_sign_ins_day_idx" ON "academics"."portal_sign_ins" USING btree ("signed_in_on");