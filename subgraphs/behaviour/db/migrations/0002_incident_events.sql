-- A student's part in an incident is an event (behaviour's outbox), recorded in the transaction
-- that records it, whoever wrote it. One statement per insert (a transition table).
CREATE FUNCTION "behaviour"."record_incident_participation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "behaviour"."outbox" ("kind", "student_id", "payload")
  SELECT 'behaviour-incident', p.student_id,
         jsonb_build_object('incidentId', i.id, 'date', i.incident_date::text, 'category', i.behavior_category::text)
  FROM inserted p
  JOIN "behaviour"."discipline_incidents" i ON i.id = p.incident_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "incident_participants_events" AFTER INSERT ON "behaviour"."incident_participants"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "behaviour"."record_incident_participation"();
