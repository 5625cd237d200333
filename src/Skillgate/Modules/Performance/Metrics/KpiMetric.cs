namespace Skillgate.Modules.Performance.Metrics;

/// <summary>
/// A metric Skillgate computes from its own published read models. Its sources are SQL that lists the records it counts
/// — kind, id, day, batch, person, org unit, the function answering for it (when not the unit), detail, cause, and what each
/// adds to the numerator and the denominator — for the days <c>@from</c>..<c>@to</c>, recorded by <c>@asOf</c>. The same
/// sources give a period's scores (summed) and a score's drill-down (listed), so a score always equals the sum of the records it shows.
/// </summary>
internal sealed record KpiMetric(string Code, string Direction, string Unit, string NumeratorKey, string DenominatorKey, IReadOnlyList<string> Sources)
{
    public string SourceSql => string.Join("\nUNION ALL\n", Sources);
}

internal static class KpiMetrics
{
    /// <summary>
    /// Defects as attributed by the moment read: a controllable one counts for its operator and line; an uncontrollable one
    /// for neither, but against the purchasing unit of the lot QA named, or else the function the cause policy names.
    /// </summary>
    private static string Defects(string where) =>
        $"""
        SELECT 'defect'::text AS kind, d.id, d.found_on AS day, d.batch_id, CASE WHEN a.controllable THEN d.employee_id END AS employee_id,
               CASE WHEN NOT a.controllable AND lot.id IS NOT NULL THEN lot.org_unit_id ELSE d.line_id END AS unit_id,
               CASE WHEN a.controllable OR lot.id IS NOT NULL THEN NULL ELSE a.responsible_function END AS function,
               d.defect_type AS detail, a.cause, d.quantity::numeric AS numerator, 0::numeric AS denominator
        FROM quality.defect_v d JOIN quality.defect_attribution(@from::date, @to::date, @asOf) a ON a.defect_id = d.id
        LEFT JOIN quality.material_lot_v lot ON lot.id = a.material_lot_id
        WHERE d.found_on BETWEEN @from AND @to AND d.recorded_at <= @asOf AND (@people::uuid[] IS NULL OR d.employee_id = ANY(@people)){where}
        """;

    private static string Counts(string numerator, string denominator) =>
        $"""
        SELECT 'count'::text AS kind, c.id, c.produced_on AS day, c.batch_id, c.employee_id, c.line_id AS unit_id, NULL::text AS function,
               c.produced || ' / ' || c.reworked || ' / ' || c.first_pass_good AS detail, NULL::text AS cause, {numerator}::numeric AS numerator, {denominator}::numeric AS denominator
        FROM quality.production_count_v c
        WHERE c.produced_on BETWEEN @from AND @to AND c.recorded_at <= @asOf AND (@people::uuid[] IS NULL OR c.employee_id = ANY(@people))
        """;

    private const string Checks =
        """
        SELECT 'check'::text AS kind, s.id, (s.performed_at AT TIME ZONE 'UTC')::date AS day, s.batch_id, s.employee_id, s.org_unit_id AS unit_id, NULL::text AS function,
               s.items_passed || ' / ' || s.items_checked AS detail, NULL::text AS cause, s.items_passed::numeric AS numerator, s.items_checked::numeric AS denominator
        FROM quality.supervision_check_v s
        WHERE (s.performed_at AT TIME ZONE 'UTC')::date BETWEEN @from AND @to AND s.performed_at <= @asOf AND (@people::uuid[] IS NULL OR s.employee_id = ANY(@people))
        """;

    private const string Lots =
        """
        SELECT 'lot'::text AS kind, l.id, l.received_on AS day, NULL::uuid AS batch_id, NULL::uuid AS employee_id, l.org_unit_id AS unit_id, NULL::text AS function,
               l.code || ' · ' || l.material || ' · ' || l.supplier AS detail, NULL::text AS cause, l.rejected::numeric AS numerator, l.inspected::numeric AS denominator
        FROM quality.material_lot_v l WHERE l.received_on BETWEEN @from AND @to AND l.recorded_at <= @asOf AND @people::uuid[] IS NULL
        """;

    public static readonly IReadOnlyList<KpiMetric> All =
    [
        new("defect_rate", "lower", "percent", "kpi.num.defects", "kpi.den.produced", [Defects(""), Counts("0", "c.produced")]),
        new("defect_ppm", "lower", "ppm", "kpi.num.defects", "kpi.den.produced", [Defects(""), Counts("0", "c.produced")]),
        new("rework_rate", "lower", "percent", "kpi.num.reworked", "kpi.den.produced", [Counts("c.reworked", "c.produced")]),
        new("first_pass_yield", "higher", "percent", "kpi.num.first_pass", "kpi.den.produced", [Counts("c.first_pass_good", "c.produced")]),
        new("process_compliance", "higher", "percent", "kpi.num.items_passed", "kpi.den.items_checked", [Checks]),
        new("material_reject_rate", "lower", "percent", "kpi.num.material_rejects", "kpi.den.inspected",
            [Lots, Defects(" AND NOT a.controllable AND a.responsible_function = 'procurement'")]),
        new("missed_inspection_rate", "lower", "percent", "kpi.num.escaped_releases", "kpi.den.releases", [LoopSources.Releases]),
        new("step_timeliness", "higher", "percent", "kpi.num.steps_on_time", "kpi.den.steps_due", [LoopSources.Steps("")]),
        new("complaint_timeliness", "higher", "percent", "kpi.num.steps_on_time", "kpi.den.steps_due", [LoopSources.Steps(" AND " + LoopSources.CapaDefinitions)]),
        new("capa_on_time", "higher", "percent", "kpi.num.capa_on_time", "kpi.den.capa", [LoopSources.Capas]),
        new("training_completion", "higher", "percent", "kpi.num.completed", "kpi.den.results", [LoopSources.Results]),
        new("qualification_coverage", "higher", "percent", "kpi.num.qualified", "kpi.den.requirements", [LoopSources.Standing]),
        new("attendance_rate", "higher", "percent", "kpi.num.attended", "kpi.den.invited", [LoopSources.Attendance]),
    ];

    public static KpiMetric? Find(string? code) => All.FirstOrDefault(m => m.Code == code);
}
