-- Work that becomes missing, and a current grade posted or changed, are events (academics' outbox),
-- recorded in the transaction that changes them, whoever writes it: the graph, the gradebook
-- import, a teacher's own tool. One statement per insert or update (transition tables).
CREATE FUNCTION "academics"."record_missing_work"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "academics"."outbox" ("kind", "student_id", "payload")
    SELECT 'missing-work', n.student_id,
           jsonb_build_object('sectionId', e.section_id, 'courseTitle', c.title, 'assignmentTitle', e.title, 'dueDate', e.due_date::text)
    FROM inserted n
    JOIN "academics"."gradebook_entries" e ON e.id = n.gradebook_entry_id
    JOIN "academics"."sections" s ON s.id = e.section_id
    JOIN "academics"."courses" c ON c.id = s.course_id
    WHERE n.missing;
  ELSE
    INSERT INTO "academics"."outbox" ("kind", "student_id", "payload")
    SELECT 'missing-work', n.student_id,
           jsonb_build_object('sectionId', e.section_id, 'courseTitle', c.title, 'assignmentTitle', e.title, 'dueDate', e.due_date::text)
    FROM updated n
    JOIN previous o ON o.id = n.id
    JOIN "academics"."gradebook_entries" e ON e.id = n.gradebook_entry_id
    JOIN "academics"."sections" s ON s.id = e.section_id
    JOIN "academics"."courses" c ON c.id = s.course_id
    WHERE n.missing AND NOT o.missing;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "student_gradebook_entries_missing_inserted" AFTER INSERT ON "academics"."student_gradebook_entries"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "academics"."record_missing_work"();
--> statement-breakpoint
CREATE TRIGGER "student_gradebook_entries_missing_updated" AFTER UPDATE ON "academics"."student_gradebook_entries"
  REFERENCING OLD TABLE AS previous NEW TABLE AS updated FOR EACH STATEMENT EXECUTE FUNCTION "academics"."record_missing_work"();
--> statement-breakpoint
CREATE FUNCTION "academics"."record_section_grade"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "academics"."outbox" ("kind", "student_id", "payload")
    SELECT 'section-grade', n.student_id,
           jsonb_build_object('sectionId', n.section_id, 'courseTitle', c.title, 'percent', n.numeric_grade_earned, 'letter', n.letter_grade_earned)
    FROM inserted n
    JOIN "academics"."sections" s ON s.id = n.section_id
    JOIN "academics"."courses" c ON c.id = s.course_id;
  ELSE
    INSERT INTO "academics"."outbox" ("kind", "student_id", "payload")
    SELECT 'section-grade', n.student_id,
           jsonb_build_object('sectionId', n.section_id, 'courseTitle', c.title, 'percent', n.numeric_grade_earned, 'letter', n.letter_grade_earned)
    FROM updated n
    JOIN previous o ON o.id = n.id
    JOIN "academics"."sections" s ON s.id = n.section_id
    JOIN "academics"."courses" c ON c.id = s.course_id
    WHERE n.numeric_grade_earned IS DISTINCT FROM o.numeric_grade_earned;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "section_grades_inserted" AFTER INSERT ON "academics"."section_grades"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "academics"."record_section_grade"();
--> statement-breakpoint
CREATE TRIGGER "section_grades_updated" AFTER UPDATE ON "academics"."section_grades"
  REFERENCING OLD TABLE AS previous NEW TABLE AS updated FOR EACH STATEMENT EXECUTE FUNCTION "academics"."record_section_grade"();
