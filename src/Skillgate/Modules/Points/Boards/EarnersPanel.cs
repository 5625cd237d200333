using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Boards;

/// <summary>The cockpit's points participation: of the active employees, the share who earned points in each month, per department.</summary>
internal static class EarnersPanel
{
    public static readonly CockpitPanel Panel = new("points", 50, Permissions.PointsRead, "cockpit.points", LoadAsync);

    private static async Task<CockpitChart?> LoadAsync(IServiceProvider services, CockpitWindow window, CancellationToken ct)
    {
        var t = services.GetRequiredService<Texts>();
        var departments = (await services.GetRequiredService<IOrganizationDirectory>().DepartmentsAsync(ct)).Take(6).Select(d => (d.Id, d.Name)).ToList();
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        var counts = (await connection.QueryAsync<MonthlyShares.Count>(new CommandDefinition(
            """
            SELECT m.i AS Month, d.id AS "Group", count(*)::int AS "All",
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM points.month_total p WHERE p.employee_id = e.id AND p.month = m.month AND p.points > 0))::int AS Hits
            FROM unnest(@months) WITH ORDINALITY AS m(month, i)
            CROSS JOIN org.employee_v e
            JOIN unnest(@departments) AS d(id) ON org.unit_within(e.org_unit_id, d.id)
            WHERE e.status = 'active' AND (e.hire_date IS NULL OR e.hire_date < (m.month + interval '1 month')::date)
            GROUP BY m.i, d.id
            """, new { months = window.Months.ToArray(), departments = departments.Select(d => d.Id).ToArray() }, cancellationToken: ct))).ToList();
        var series = MonthlyShares.Series(window, counts, departments, t["cockpit.all_departments"]);
        if (!counts.Any(c => c.Hits > 0) || MonthlyShares.Latest(window, series[0].Values) is not { } latest)
        {
            return null;
        }

        var month = counts.Where(c => window.Labels[(int)c.Month - 1] == latest.Month).ToList();
        return new CockpitChart(
            t["cockpit.points_headline", latest.Month, latest.Share.ToString("0%", CultureInfo.InvariantCulture), month.Sum(c => c.Hits), month.Sum(c => c.All)],
            TrendChart.Percent(window, series), "/Points/Boards/Dashboard");
    }
}
