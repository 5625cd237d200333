using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Sla;

/// <summary>
/// The cockpit's workflow SLAs: of the steps with a time limit that fell due in each month (and has passed), the share finished
/// within it, per responsible department function.
/// </summary>
internal static class FunctionSlaPanel
{
    public static readonly CockpitPanel Panel = new("workflow-sla", 60, Permissions.WorkflowRead, "cockpit.sla", LoadAsync);

    private sealed record Function(Guid Id, string Name);

    private static async Task<CockpitChart?> LoadAsync(IServiceProvider services, CockpitWindow window, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var t = services.GetRequiredService<Texts>();
        var filter = await services.GetRequiredService<DataScope>().GetAsync(ct);
        var zh = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        var bounds = window.Bounds(clock);
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var counts = (await connection.QueryAsync<MonthlyShares.Count>(new CommandDefinition(
            """
            SELECT m.i AS Month, f.id AS "Group", count(*)::int AS "All", count(*) FILTER (WHERE t.done_at <= t.due_at)::int AS Hits
            FROM workflow.task t
            JOIN workflow.instance wi ON wi.id = t.instance_id
            JOIN org.function_tag_v f ON f.code = t.function
            JOIN unnest(@starts, @ends) WITH ORDINALITY AS m(starts, ends, i) ON t.due_at >= m.starts AND t.due_at < m.ends
            WHERE t.due_at < @now AND (@all OR wi.org_unit_id = ANY(@units))
            GROUP BY m.i, f.id
            """, new { starts = bounds[..^1], ends = bounds[1..], now = clock.GetUtcNow(), all = filter.All, units = filter.Ids }, cancellationToken: ct))).ToList();
        var functions = (await connection.QueryAsync<Function>(new CommandDefinition(
            "SELECT id AS Id, CASE WHEN @zh THEN name_zh ELSE name_en END AS Name FROM org.function_tag_v WHERE id = ANY(@ids) ORDER BY sort, code",
            new { zh, ids = counts.Select(c => c.Group).Distinct().ToArray() }, cancellationToken: ct))).Select(f => (f.Id, f.Name)).ToList();
        var series = MonthlyShares.Series(window, counts, functions, t["cockpit.all_functions"]);
        if (MonthlyShares.Latest(window, series[0].Values) is not { } latest)
        {
            return null;
        }

        var late = counts.Where(c => window.Labels[(int)c.Month - 1] == latest.Month).Sum(c => c.All - c.Hits);
        return new CockpitChart(
            t["cockpit.sla_headline", latest.Month, latest.Share.ToString("0%", CultureInfo.InvariantCulture), late],
            TrendChart.Percent(window, series), "/Workflow/Breaches");
    }
}
