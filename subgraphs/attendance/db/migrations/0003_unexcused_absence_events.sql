-- A day recorded as an unexcused absence is an event (attendance's outbox), recorded in the
-- transaction that records it, whoever writes it: the graph, or the school's attendance-taking.
-- One statement per insert or update (transition tables).
CREATE FUNCTION "attendance"."record_unexcused_absence"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "attendance"."outbox" ("kind", "student_id", "payload")
    SELECT 'unexcused-absence', n.student_id, jsonb_build_object('date', n.event_date::text, 'schoolId', n.school_id)
    FROM inserted n
    WHERE n.attendance_event_category = 'Unexcused Absence';
  ELSE
    INSERT INTO "attendance"."outbox" ("kind", "student_id", "payload")
    SELECT 'unexcused-absence', n.student_id, jsonb_build_object('date', n.event_date::text, 'schoolId', n.school_id)
    FROM updated n
    JOIN previous o ON o.id = n.id
    WHERE n.attendance_event_category = 'Unexcused Absence' AND o.attendance_event_category <> 'Unexcused Absence';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "school_attendance_unexcused_inserted" AFTER INSERT ON "attendance"."student_school_attendance_events"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "attendance"."record_unexcused_absence"();
--> statement-breakpoint
CREATE TRIGGER "school_attendance_unexcused_updated" AFTER UPDATE ON "attendance"."student_school_attendance_events"
  REFERENCING OLD TABLE AS previous NEW TABLE AS updated FOR EACH STATEMENT EXECUTE FUNCTION "attendance"."record_unexcused_absence"();
