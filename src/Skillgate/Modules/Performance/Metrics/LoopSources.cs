namespace Skillgate.Modules.Performance.Metrics;

/// <summary>
/// The sources of the loop's other KPIs, each read as it stood at <c>@asOf</c>: releases an inspector let through, workflow
/// steps against their time limits, CAPAs against theirs, training attendance and completion, and qualification coverage.
/// A record whose unit is null counts for the person's home unit (see <see cref="OrgShape.CountsAgainst"/>).
/// </summary>
internal static class LoopSources
{
    /// <summary>Workflows whose steps are complaint handling and whose instances are CAPAs: definition codes starting CAPA or COMPLAINT.</summary>
    public const string CapaDefinitions = "(i.definition_code ILIKE 'CAPA%' OR i.definition_code ILIKE 'COMPLAINT%')";

    /// <summary>A release is missed when a defect on its batch was found after the release day or a customer complained about the batch from that day on.</summary>
    public const string Releases =
        """
        SELECT 'release'::text AS kind, r.id, r.released_on AS day, r.batch_id, r.employee_id, r.org_unit_id AS unit_id, NULL::text AS function,
               esc.defects || ' / ' || esc.complaints AS detail, CASE WHEN esc.defects + esc.complaints > 0 THEN 'escaped' ELSE 'clean' END AS cause,
               CASE WHEN esc.defects + esc.complaints > 0 THEN 1 ELSE 0 END::numeric AS numerator, 1::numeric AS denominator
        FROM quality.batch_release_v r
        CROSS JOIN LATERAL (SELECT
            (SELECT count(*) FROM quality.defect_v d WHERE d.batch_id = r.batch_id AND d.found_on > r.released_on AND d.recorded_at <= @asOf) AS defects,
            (SELECT count(*) FROM quality.complaint_v c WHERE c.batch_id = r.batch_id AND c.received_on >= r.released_on AND c.recorded_at <= @asOf) AS complaints) esc
        WHERE r.released_on BETWEEN @from AND @to AND r.recorded_at <= @asOf AND (@people::uuid[] IS NULL OR r.employee_id = ANY(@people))
        """;

    /// <summary>
    /// Steps with a time limit due in the days, once due or done by the moment: on time when done by the limit. Each counts against
    /// the department holding the step's function nearest the instance's unit, so its SLA breaches count in that department's KPI.
    /// </summary>
    public static string Steps(string where) =>
        $"""
        SELECT 'step'::text AS kind, k.id, (k.due_at AT TIME ZONE 'UTC')::date AS day, NULL::uuid AS batch_id, k.done_by_employee_id AS employee_id,
               k.org_unit_id AS unit_id, k.function, i.number || ' · ' || i.title AS detail,
               CASE WHEN k.done_at <= @asOf AND k.done_at <= k.due_at THEN 'on_time' WHEN k.done_at <= @asOf THEN 'late' ELSE 'overdue' END AS cause,
               CASE WHEN k.done_at <= @asOf AND k.done_at <= k.due_at THEN 1 ELSE 0 END::numeric AS numerator, 1::numeric AS denominator
        FROM workflow.task_v k JOIN workflow.instance_v i ON i.id = k.instance_id
        WHERE k.due_at IS NOT NULL AND (k.due_at AT TIME ZONE 'UTC')::date BETWEEN @from AND @to AND k.received_at <= @asOf
          AND (k.due_at <= @asOf OR k.done_at <= @asOf) AND (@people::uuid[] IS NULL OR k.done_by_employee_id = ANY(@people)){where}
        """;

    /// <summary>
    /// CAPAs: a late one counts on the day its first step ran past its limit, whether it has closed since or not (so it stays in
    /// one period); one closed by the moment with no step late counts, on time, on its closing day. QA (function qa) answers for them.
    /// </summary>
    public const string Capas =
        $"""
        SELECT 'capa'::text AS kind, i.id, c.day, NULL::uuid AS batch_id, NULL::uuid AS employee_id, i.org_unit_id AS unit_id, 'qa'::text AS function,
               i.number || ' · ' || i.title AS detail, CASE WHEN c.closed AND NOT c.late THEN 'on_time' WHEN c.closed THEN 'late' ELSE 'overdue' END AS cause,
               CASE WHEN c.closed AND NOT c.late THEN 1 ELSE 0 END::numeric AS numerator, 1::numeric AS denominator
        FROM workflow.instance_v i
        CROSS JOIN LATERAL (SELECT i.status = 'completed' AND i.closed_at <= @asOf AS closed) s
        CROSS JOIN LATERAL (
            SELECT s.closed, l.first IS NOT NULL AS late,
                   CASE WHEN l.first IS NOT NULL THEN (l.first AT TIME ZONE 'UTC')::date ELSE (i.closed_at AT TIME ZONE 'UTC')::date END AS day
            FROM (SELECT min(k.due_at) AS first FROM workflow.task_v k
                  WHERE k.instance_id = i.id AND k.due_at IS NOT NULL AND k.received_at <= @asOf
                    AND ((k.done_at <= @asOf AND k.done_at > k.due_at) OR ((k.done_at IS NULL OR k.done_at > @asOf) AND k.due_at <= @asOf))) l) c
        WHERE {CapaDefinitions} AND i.started_at <= @asOf AND NOT (i.status = 'rejected' AND i.closed_at <= @asOf) AND c.day BETWEEN @from AND @to
          AND @people::uuid[] IS NULL
        """;

    /// <summary>Who was invited to (or checked in at) a session that started in the days and ended by the moment; attended when a check-in not revoked by then was recorded.</summary>
    public const string Attendance =
        """
        SELECT 'attendance'::text AS kind, s.id, (s.starts_at AT TIME ZONE 'UTC')::date AS day, NULL::uuid AS batch_id, p.employee_id, NULL::uuid AS unit_id,
               NULL::text AS function, s.title AS detail, CASE WHEN a.present THEN 'attended' ELSE 'absent' END AS cause,
               CASE WHEN a.present THEN 1 ELSE 0 END::numeric AS numerator, 1::numeric AS denominator
        FROM training.session_v s
        JOIN LATERAL (
            SELECT x.employee_id FROM training.participant_v x WHERE x.session_id = s.id AND x.status = 'invited' AND x.invited_at <= @asOf
            UNION
            SELECT x.employee_id FROM training.attendance_v x WHERE x.session_id = s.id AND x.kind = 'in' AND x.recorded_at <= @asOf) p ON true
        CROSS JOIN LATERAL (SELECT EXISTS (
            SELECT 1 FROM training.attendance_v x WHERE x.session_id = s.id AND x.employee_id = p.employee_id AND x.kind = 'in' AND x.recorded_at <= @asOf
              AND (x.revoked_at IS NULL OR x.revoked_at > @asOf)) AS present) a
        WHERE s.status <> 'cancelled' AND s.ends_at <= @asOf AND (s.starts_at AT TIME ZONE 'UTC')::date BETWEEN @from AND @to
          AND (@people::uuid[] IS NULL OR p.employee_id = ANY(@people))
        """;

    /// <summary>What the closes of sessions that ended in the days had decided by the moment: completed when the completion was recorded and not revoked by then.</summary>
    public const string Results =
        """
        SELECT 'result'::text AS kind, s.id, (s.ends_at AT TIME ZONE 'UTC')::date AS day, NULL::uuid AS batch_id, r.employee_id, NULL::uuid AS unit_id,
               NULL::text AS function, s.title AS detail,
               CASE WHEN c.id IS NOT NULL THEN 'completed' WHEN r.status = 'pending_review' THEN 'pending_review' ELSE 'not_completed' END AS cause,
               CASE WHEN c.id IS NOT NULL THEN 1 ELSE 0 END::numeric AS numerator, 1::numeric AS denominator
        FROM training.session_result_v r JOIN training.session_v s ON s.id = r.session_id
        LEFT JOIN learning.course_completion_v c ON c.id = r.completion_id AND c.recorded_at <= @asOf AND (c.revoked_at IS NULL OR c.revoked_at > @asOf)
        WHERE r.created_at <= @asOf AND (s.ends_at AT TIME ZONE 'UTC')::date BETWEEN @from AND @to AND (@people::uuid[] IS NULL OR r.employee_id = ANY(@people))
        """;

    /// <summary>Every tracked person × requirement as it stood at the end of the days (or at the moment, if earlier): covered when qualified or expiring.</summary>
    public const string Standing =
        """
        SELECT 'standing'::text AS kind, q.requirement_id AS id, least(@to::date, (@asOf AT TIME ZONE 'UTC')::date) AS day, NULL::uuid AS batch_id, q.employee_id,
               NULL::uuid AS unit_id, NULL::text AS function, coalesce(sk.name, d.code || ' ' || d.title, '') AS detail, q.status AS cause,
               CASE WHEN q.status IN ('qualified', 'expiring') THEN 1 ELSE 0 END::numeric AS numerator, 1::numeric AS denominator
        FROM competence.standing_at(least((@to::date + 1)::timestamp AT TIME ZONE 'UTC', @asOf)) q
        JOIN competence.requirement_v r ON r.id = q.requirement_id
        LEFT JOIN competence.skill_v sk ON sk.id = r.skill_id LEFT JOIN standards.document_v d ON d.id = r.document_id
        WHERE @from::date <= (@asOf AT TIME ZONE 'UTC')::date AND (@people::uuid[] IS NULL OR q.employee_id = ANY(@people))
        """;
}
