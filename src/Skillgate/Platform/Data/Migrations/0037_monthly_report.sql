-- The monthly department training report: whether a head wants it by e-mail (yes unless they say no), and the PDF an e-mail
-- carries with it (kept with the delivery, so a retry sends the same file).
ALTER TABLE platform.notification_preference ADD COLUMN monthly_report boolean NOT NULL DEFAULT true;
ALTER TABLE platform.delivery ADD COLUMN attachment_name text, ADD COLUMN attachment bytea;

-- Whether a day is a working day in the plant's standard calendar (the one of no unit): a day it lists says so itself (a holiday,
-- a make-up Saturday), any other day by its weekday. Published for the monthly report's "first working day".
CREATE FUNCTION workflow.working_day(p_day date) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT d.working FROM workflow.calendar_day d JOIN workflow.calendar c ON c.id = d.calendar_id
         WHERE c.org_unit_id IS NULL AND d.day = p_day ORDER BY c.id LIMIT 1),
        (SELECT extract(isodow FROM p_day)::int = ANY (c.workdays) FROM workflow.calendar c WHERE c.org_unit_id IS NULL ORDER BY c.id LIMIT 1),
        extract(isodow FROM p_day) < 6)
$$;
