using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;

namespace Skillgate.Modules.Points.Boards;

/// <summary>Points' part of the monthly report: how many of the unit's active people earned points in the month, how many, and the three who earned most.</summary>
internal static class MonthlyPointsSection
{
    public static readonly MonthlyReportSection Section = new("points", 60, "monthly.points", LoadAsync);

    private sealed record Earner(string Name, int Points);

    private static async Task<MonthlyReportPart> LoadAsync(IServiceProvider services, MonthlyReportScope scope, CancellationToken ct)
    {
        var t = services.GetRequiredService<Texts>();
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        var people = (await connection.QueryAsync<Earner>(new CommandDefinition(
            """
            SELECT e.name AS Name, coalesce(sum(m.points), 0)::int AS Points
            FROM org.employee_v e LEFT JOIN points.month_total m ON m.employee_id = e.id AND m.month = @month::date
            WHERE e.status = 'active' AND org.unit_within(e.org_unit_id, @unit)
            GROUP BY e.id, e.name, e.employee_no ORDER BY 2 DESC, e.employee_no
            """, new { unit = scope.UnitId, month = scope.Month.ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct))).ToList();
        var earners = people.Count(p => p.Points > 0);
        return new MonthlyReportPart(
            [
                (t["monthly.earners"], $"{earners}/{people.Count}"),
                (t["monthly.points_total"], people.Sum(p => p.Points).ToString(CultureInfo.InvariantCulture)),
                (t["monthly.top_earners"], earners == 0 ? "—" : string.Join(t["points.list_separator"], people.Where(p => p.Points > 0).Take(3).Select(p => $"{p.Name} {p.Points}"))),
            ]);
    }
}
