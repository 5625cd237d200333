using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;

namespace Skillgate.Modules.Training.Reports;

/// <summary>Training's parts of the monthly report: sessions and who checked in (overall and per unit just below), and the check-ins flagged for review.</summary>
internal static class MonthlySections
{
    public static readonly MonthlyReportSection Participation = new("participation", 10, "monthly.participation", ParticipationAsync);

    public static readonly MonthlyReportSection Anomalies = new("anomalies", 40, "monthly.anomalies", AnomaliesAsync);

    private sealed record Row(string Unit, int Sessions, int Invited, int CheckedIn);

    private static async Task<MonthlyReportPart> ParticipationAsync(IServiceProvider services, MonthlyReportScope scope, CancellationToken ct)
    {
        var t = services.GetRequiredService<Texts>();
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        // One row for the whole unit (empty name) and one per unit just below it.
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            WITH invited AS (
                SELECT s.id AS session_id, e.org_unit_id,
                       EXISTS (SELECT 1 FROM training.attendance a WHERE a.session_id = s.id AND a.employee_id = p.employee_id AND a.kind = 'in' AND a.revoked_at IS NULL) AS came
                FROM training.session s JOIN training.participant p ON p.session_id = s.id AND p.status = 'invited'
                JOIN org.employee_v e ON e.id = p.employee_id
                WHERE s.status <> 'cancelled' AND s.starts_at >= @from AND s.starts_at < @to AND org.unit_within(e.org_unit_id, @unit)),
            groups AS (
                SELECT NULL::uuid AS id, '' AS name, 0 AS sort
                UNION ALL SELECT u.id, u.name, 1 FROM org.org_unit_v u WHERE u.parent_id = @unit AND u.active)
            SELECT g.name AS Unit, count(DISTINCT i.session_id)::int AS Sessions, count(i.session_id)::int AS Invited, count(*) FILTER (WHERE i.came)::int AS CheckedIn
            FROM groups g LEFT JOIN invited i ON g.id IS NULL OR org.unit_within(i.org_unit_id, g.id)
            GROUP BY g.name, g.sort ORDER BY g.sort, g.name
            """, new { unit = scope.UnitId, from = scope.From, to = scope.To }, cancellationToken: ct))).ToList();
        var all = rows[0];
        if (all.Invited == 0)
        {
            return new MonthlyReportPart([], t["monthly.no_sessions"]);
        }

        return new MonthlyReportPart(
            [
                (t["monthly.sessions"], all.Sessions.ToString(CultureInfo.InvariantCulture)),
                (t["monthly.invited"], all.Invited.ToString(CultureInfo.InvariantCulture)),
                (t["monthly.checked_in"], all.CheckedIn.ToString(CultureInfo.InvariantCulture)),
                (t["monthly.rate"], Percent(all.CheckedIn, all.Invited)),
            ],
            Bars: [.. rows.Skip(1).Where(r => r.Invited > 0).Select(r => (r.Unit, (double)r.CheckedIn / r.Invited, $"{Percent(r.CheckedIn, r.Invited)} ({r.CheckedIn}/{r.Invited})"))],
            BarsMax: 1);
    }

    private static async Task<MonthlyReportPart> AnomaliesAsync(IServiceProvider services, MonthlyReportScope scope, CancellationToken ct)
    {
        var t = services.GetRequiredService<Texts>();
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        var (flagged, revoked) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            """
            SELECT count(*)::int, count(*) FILTER (WHERE a.revoked_at IS NOT NULL)::int
            FROM training.attendance a JOIN training.session s ON s.id = a.session_id JOIN org.employee_v e ON e.id = a.employee_id
            WHERE cardinality(a.flags) > 0 AND s.starts_at >= @from AND s.starts_at < @to AND org.unit_within(e.org_unit_id, @unit)
            """, new { unit = scope.UnitId, from = scope.From, to = scope.To }, cancellationToken: ct));
        return new MonthlyReportPart(
        [
            (t["monthly.flagged"], flagged.ToString(CultureInfo.InvariantCulture)),
            (t["monthly.revoked"], revoked.ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    private static string Percent(int part, int whole) => whole == 0 ? "—" : ((double)part / whole).ToString("0%", CultureInfo.InvariantCulture);
}
