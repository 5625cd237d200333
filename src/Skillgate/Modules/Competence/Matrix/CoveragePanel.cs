using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>
/// The cockpit's compliance coverage: at the end of each month (now, for this one), the share of tracked requirements in order
/// (qualified or expiring), from the qualification history, per department.
/// </summary>
internal static class CoveragePanel
{
    public static readonly CockpitPanel Panel = new("coverage", 20, Permissions.CompetenceRead, "cockpit.coverage", LoadAsync);

    private static async Task<CockpitChart?> LoadAsync(IServiceProvider services, CockpitWindow window, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var t = services.GetRequiredService<Texts>();
        var departments = (await services.GetRequiredService<IOrganizationDirectory>().DepartmentsAsync(ct)).Take(6).Select(d => (d.Id, d.Name)).ToList();
        var now = clock.GetUtcNow();
        var ats = window.Bounds(clock)[1..].Select(b => b < now ? b : now).ToArray();
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        var counts = (await connection.QueryAsync<MonthlyShares.Count>(new CommandDefinition(
            """
            SELECT m.i AS Month, d.id AS "Group", count(*)::int AS "All", count(*) FILTER (WHERE s.status IN ('qualified', 'expiring'))::int AS Hits
            FROM unnest(@ats) WITH ORDINALITY AS m(at, i)
            CROSS JOIN LATERAL competence.standing_at(m.at) s
            JOIN org.employee_v e ON e.id = s.employee_id
            JOIN unnest(@departments) AS d(id) ON org.unit_within(e.org_unit_id, d.id)
            GROUP BY m.i, d.id
            """, new { ats, departments = departments.Select(d => d.Id).ToArray() }, cancellationToken: ct))).ToList();
        var series = MonthlyShares.Series(window, counts, departments, t["cockpit.all_departments"]);
        if (MonthlyShares.Latest(window, series[0].Values) is not { } latest)
        {
            return null;
        }

        return new CockpitChart(t["cockpit.coverage_headline", latest.Share.ToString("0%", CultureInfo.InvariantCulture)], TrendChart.Percent(window, series), "/Competence/Matrix");
    }
}
