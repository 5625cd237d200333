namespace Skillgate.Modules.Performance.Metrics;

/// <summary>
/// A metric Skillgate computes from its own published read models. Its sources are SQL that lists the records it counts
/// — kind, id, day, batch, person, org unit, detail, cause, and what each adds to the numerator and the denominator — for
/// the days <c>@from</c>..<c>@to</c>, recorded by <c>@asOf</c>. The same sources give a period's scores (summed) and a score's
/// drill-down (listed), so a score always equals the sum of the records it shows.
/// </summary>
internal sealed record KpiMetric(string Code, string Direction, string Unit, string NumeratorKey, string DenominatorKey, IReadOnlyList<string> Sources)
{
    public string SourceSql => string.Join("\nUNION ALL\n", Sources);
}

internal static class KpiMetrics
{
    private const string Defects =
        """
        SELECT 'defect'::text AS kind, d.id, d.found_on AS day, d.batch_id, d.employee_id, d.line_id AS unit_id, d.defect_type AS detail, d.cause,
               d.quantity::numeric AS numerator, 0::numeric AS denominator
        FROM quality.defect_v d WHERE d.found_on BETWEEN @from AND @to AND d.recorded_at <= @asOf
        """;

    private static string Counts(string numerator, string denominator) =>
        $"""
        SELECT 'count'::text AS kind, c.id, c.produced_on AS day, c.batch_id, c.employee_id, c.line_id AS unit_id,
               c.produced || ' / ' || c.reworked || ' / ' || c.first_pass_good AS detail, NULL::text AS cause, {numerator}::numeric AS numerator, {denominator}::numeric AS denominator
        FROM quality.production_count_v c WHERE c.produced_on BETWEEN @from AND @to AND c.recorded_at <= @asOf
        """;

    private const string Checks =
        """
        SELECT 'check'::text AS kind, s.id, (s.performed_at AT TIME ZONE 'UTC')::date AS day, s.batch_id, s.employee_id, s.org_unit_id AS unit_id,
               s.items_passed || ' / ' || s.items_checked AS detail, NULL::text AS cause, s.items_passed::numeric AS numerator, s.items_checked::numeric AS denominator
        FROM quality.supervision_check_v s
        WHERE (s.performed_at AT TIME ZONE 'UTC')::date BETWEEN @from AND @to AND s.performed_at <= @asOf
        """;

    public static readonly IReadOnlyList<KpiMetric> All =
    [
        new("defect_rate", "lower", "percent", "kpi.num.defects", "kpi.den.produced", [Defects, Counts("0", "c.produced")]),
        new("defect_ppm", "lower", "ppm", "kpi.num.defects", "kpi.den.produced", [Defects, Counts("0", "c.produced")]),
        new("rework_rate", "lower", "percent", "kpi.num.reworked", "kpi.den.produced", [Counts("c.reworked", "c.produced")]),
        new("first_pass_yield", "higher", "percent", "kpi.num.first_pass", "kpi.den.produced", [Counts("c.first_pass_good", "c.produced")]),
        new("process_compliance", "higher", "percent", "kpi.num.items_passed", "kpi.den.items_checked", [Checks]),
    ];

    public static KpiMetric? Find(string? code) => All.FirstOrDefault(m => m.Code == code);
}
