using Dapper;
using Npgsql;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Statistics;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Quality.Metrics;

/// <summary>
/// Quality metrics per line, operation, team (the employee's org unit) or employee by day, week or month, within the caller's scope.
/// Units produced come from production counts, defects from defect records; for teams and employees only records naming the employee count.
/// </summary>
internal sealed class MetricQueries(Platform.Data.ReportReads dataSource, DataScope scope, Texts t)
{
    public static readonly IReadOnlyList<string> Dimensions = ["line", "operation", "team", "employee"];

    public static readonly IReadOnlyList<string> PeriodKinds = ["day", "week", "month"];

    public async Task<IReadOnlyList<MetricRow>> RowsAsync(string dimension, string period, DateOnly from, DateOnly to, string? defectType, CancellationToken ct)
    {
        var v = new Validation();
        if (!Dimensions.Contains(dimension))
        {
            v.Add("dimension", t["quality.one_of", string.Join(", ", Dimensions)]);
        }

        if (!PeriodKinds.Contains(period))
        {
            v.Add("period", t["quality.one_of", string.Join(", ", PeriodKinds)]);
        }

        if (to < from || to.DayNumber - from.DayNumber > 3660 || (period == "day" && to.DayNumber - from.DayNumber > 400))
        {
            v.Add("to", t["quality.period_invalid"]);
        }

        v.ThrowIfInvalid();
        var (key, label, join) = dimension switch
        {
            "line" => ("x.line_id", "g.code || ' ' || g.name", "JOIN org.org_unit_v g ON g.id = x.line_id"),
            "operation" => ("x.operation_id", "g.code || ' ' || g.name", "JOIN competence.operation_v g ON g.id = x.operation_id"),
            "team" => ("e.org_unit_id", "g.code || ' ' || g.name", "JOIN org.employee_v e ON e.id = x.employee_id JOIN org.org_unit_v g ON g.id = e.org_unit_id"),
            _ => ("x.employee_id", "g.employee_no || ' ' || g.name", "JOIN org.employee_v g ON g.id = x.employee_id"),
        };
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            WITH counts AS (
                SELECT {key} AS group_id, {label} AS label, date_trunc(@period, x.produced_on::timestamp) AS period,
                       sum(x.produced)::bigint AS produced, sum(x.reworked)::bigint AS reworked, sum(x.first_pass_good)::bigint AS good
                FROM quality.production_count x {join}
                WHERE x.produced_on BETWEEN @from::date AND @to::date AND (@all OR x.line_id = ANY(@units))
                GROUP BY 1, 2, 3),
            defects AS (
                SELECT {key} AS group_id, date_trunc(@period, x.found_on::timestamp) AS period, sum(x.quantity)::bigint AS defects
                FROM quality.defect x {join}
                WHERE x.found_on BETWEEN @from::date AND @to::date AND (@all OR x.line_id = ANY(@units))
                  AND (@type = '' OR lower(x.defect_type) = lower(@type))
                GROUP BY 1, 2)
            SELECT c.group_id, c.label, c.period, c.produced, coalesce(d.defects, 0) AS defects, c.reworked, c.good
            FROM counts c LEFT JOIN defects d ON d.group_id = c.group_id AND d.period = c.period
            ORDER BY c.label, c.period
            """,
            new { period, from = from.ToDateTime(TimeOnly.MinValue), to = to.ToDateTime(TimeOnly.MinValue), all = filter.All, units = filter.Ids, type = defectType?.Trim() ?? "" },
            cancellationToken: ct));
        return rows.Select(r => new MetricRow(r.GroupId, r.Label, DateOnly.FromDateTime(r.Period), r.Produced, r.Defects, r.Reworked, r.Good)).ToList();
    }

    /// <summary>
    /// The p-chart of one group over the periods with data, with limits from the baseline periods the user chose
    /// (<paramref name="baselineFrom"/>–<paramref name="baselineTo"/>) or, without them, the default phase I.
    /// </summary>
    public static IReadOnlyList<ControlPoint> Chart(
        IReadOnlyList<MetricRow> rows, Guid group, string period, DateOnly from, DateOnly to, DateOnly? baselineFrom = null, DateOnly? baselineTo = null)
    {
        var mine = rows.Where(r => r.GroupId == group).ToDictionary(r => r.Period);
        var periods = Periods.Between(period, from, to).Where(mine.ContainsKey).ToList();
        Baseline? baseline = null;
        if (baselineFrom is not null || baselineTo is not null)
        {
            var inside = periods.Select((p, i) => (p, i)).Where(x => x.p >= (baselineFrom ?? DateOnly.MinValue) && x.p <= (baselineTo ?? DateOnly.MaxValue)).Select(x => x.i).ToList();
            baseline = inside.Count == 0 ? null : new Baseline(inside[0], inside.Count);
        }

        var points = ControlChart.PChart(periods.Select(p => (mine[p].Defects, mine[p].Produced)).ToList(), baseline);
        return periods.Select((p, i) => new ControlPoint(
            p, mine[p].Produced, mine[p].Defects, points[i].P, points[i].Center, points[i].Lower, points[i].Upper, points[i].Rules, points[i].InBaseline)).ToList();
    }

    private sealed record Row(Guid GroupId, string Label, DateTime Period, long Produced, long Defects, long Reworked, long Good);
}
