-- A meal balance that falls below its account's threshold is an event (finance's outbox), recorded
-- in the transaction that made it fall, whoever wrote it: the graph or the cafeteria's own system.
-- One statement per insert, whatever its size (a transition table), so bulk loads stay fast.
CREATE FUNCTION "finance"."record_low_meal_balance"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "finance"."outbox" ("kind", "student_id", "payload")
  SELECT 'low-meal-balance', b.student_id, jsonb_build_object('balanceCents', b.after, 'thresholdCents', b.threshold)
  FROM (
    SELECT n.student_id,
           a.low_balance_threshold_cents AS threshold,
           (SELECT coalesce(sum(m.amount_cents), 0) FROM "finance"."meal_transactions" m WHERE m.student_id = n.student_id)::int AS after,
           sum(n.amount_cents)::int AS added
    FROM inserted n
    JOIN "finance"."meal_accounts" a ON a.student_id = n.student_id
    GROUP BY n.student_id, a.low_balance_threshold_cents
  ) b
  WHERE b.after < b.threshold AND b.after - b.added >= b.threshold;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "meal_transactions_low_balance" AFTER INSERT ON "finance"."meal_transactions"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "finance"."record_low_meal_balance"();
