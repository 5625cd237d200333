using Dapper;
using Npgsql;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Home;

/// <summary>The cockpit's participation: of those invited to sessions that have started, the share who checked in, per month and department.</summary>
internal static class ParticipationPanel
{
    public static readonly CockpitPanel Panel = new("participation", 10, Permissions.TrainingRead, "cockpit.participation", LoadAsync);

    private static async Task<CockpitChart?> LoadAsync(IServiceProvider services, CockpitWindow window, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var t = services.GetRequiredService<Texts>();
        var departments = (await services.GetRequiredService<IOrganizationDirectory>().DepartmentsAsync(ct)).Take(6).Select(d => (d.Id, d.Name)).ToList();
        var bounds = window.Bounds(clock);
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var counts = (await connection.QueryAsync<MonthlyShares.Count>(new CommandDefinition(
            """
            SELECT m.i AS Month, d.id AS "Group", count(*)::int AS "All",
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training.attendance a
                                                  WHERE a.session_id = p.session_id AND a.employee_id = p.employee_id AND a.kind = 'in' AND a.revoked_at IS NULL))::int AS Hits
            FROM training.session s
            JOIN unnest(@starts, @ends) WITH ORDINALITY AS m(starts, ends, i) ON s.starts_at >= m.starts AND s.starts_at < m.ends
            JOIN training.participant p ON p.session_id = s.id AND p.status = 'invited'
            JOIN org.employee_v e ON e.id = p.employee_id
            JOIN unnest(@departments) AS d(id) ON org.unit_within(e.org_unit_id, d.id)
            WHERE s.status <> 'cancelled' AND s.starts_at < @now
            GROUP BY m.i, d.id
            """, new { starts = bounds[..^1], ends = bounds[1..], departments = departments.Select(d => d.Id).ToArray(), now = clock.GetUtcNow() }, cancellationToken: ct))).ToList();
        var series = MonthlyShares.Series(window, counts, departments, t["cockpit.all_departments"]);
        if (MonthlyShares.Latest(window, series[0].Values) is not { } latest)
        {
            return null;
        }

        var invited = counts.Where(c => window.Labels[(int)c.Month - 1] == latest.Month).Sum(c => c.All);
        return new CockpitChart(t["cockpit.participation_headline", latest.Month, latest.Share.ToString("0%", System.Globalization.CultureInfo.InvariantCulture), invited], TrendChart.Percent(window, series), "/Training/Reports");
    }
}
