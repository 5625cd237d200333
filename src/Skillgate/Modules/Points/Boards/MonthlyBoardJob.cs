using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;

namespace Skillgate.Modules.Points.Boards;

/// <summary>
/// Once a month, at its first pass in the new month (claimed by one node), everyone with an account is told their unit's top
/// 10 of the month just ended — the unit's board: that month's entries only, earned in the unit or below — and their own
/// points and rank on it.
/// </summary>
internal sealed class MonthlyBoardJob(IServiceScopeFactory scopes) : IBackgroundJob
{
    public string Name => "points-monthly-board";

    public TimeSpan Every => TimeSpan.FromHours(1);

    public bool DelayFirst => false;

    Task IBackgroundJob.RunOnceAsync(CancellationToken ct) => RunAsync(ct);

    /// <returns>How many notifications were new.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!services.GetRequiredService<DatabaseRuntime>().IsStarted)
        {
            return 0;
        }

        var calendar = services.GetRequiredService<PlantCalendar>();
        var thisMonth = await calendar.ThisMonthAsync(ct);
        var month = thisMonth.AddMonths(-1);
        if (!await services.GetRequiredService<DailyJobGate>().TryClaimAsync(Name, thisMonth, ct))
        {
            return 0;
        }

        var t = services.GetRequiredService<Texts>();
        var label = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenSystemAsync(ct);
        var rows = (await connection.QueryAsync<(Guid Unit, string UnitName, Guid Employee, string Name, int Points, int Rank)>(new CommandDefinition(
            """
            WITH homes AS (
                SELECT DISTINCT e.org_unit_id AS unit FROM auth.app_user u JOIN org.employee_v e ON e.id = u.employee_id WHERE u.active AND e.status = 'active'),
            totals AS (
                SELECT h.unit, m.employee_id, sum(m.points)::int AS points
                FROM homes h CROSS JOIN LATERAL org.unit_subtree(h.unit) AS s(id)
                JOIN points.month_total m ON m.org_unit_id = s.id AND m.month = @month::date AND m.category <> 'store'
                GROUP BY h.unit, m.employee_id)
            SELECT t.unit, u.name, t.employee_id, e.name, t.points, rank() OVER (PARTITION BY t.unit ORDER BY t.points DESC)::int
            FROM totals t JOIN org.org_unit_v u ON u.id = t.unit JOIN org.employee_v e ON e.id = t.employee_id
            ORDER BY t.unit, t.points DESC, e.employee_no
            """, new { month = PlantCalendar.Sql(month) }, cancellationToken: ct))).ToList();
        var users = (await connection.QueryAsync<(Guid User, Guid Employee, Guid Unit)>(new CommandDefinition(
            """
            SELECT u.id, e.id, e.org_unit_id FROM auth.app_user u JOIN org.employee_v e ON e.id = u.employee_id
            WHERE u.active AND e.status = 'active' AND e.org_unit_id = ANY (@units)
            """, new { units = rows.Select(r => r.Unit).Distinct().ToArray() }, cancellationToken: ct))).ToList();
        var boards = rows.ToLookup(r => r.Unit);
        return await services.GetRequiredService<NotificationService>().SendAsync(connection, null, users, u => u.User, u =>
        {
            var board = boards[u.Unit].ToList();
            var top = string.Join(t["points.list_separator"], board.Take(10).Select(r => t["points.board_line", r.Rank, r.Name, r.Points].Value));
            var own = board.FirstOrDefault(r => r.Employee == u.Employee);
            var body = own.Employee == Guid.Empty ? top : $"{top}\n{t["points.board_own", own.Points, own.Rank]}";
            return new NotificationService.Outgoing(
                u.User, "points", t["points.board_notice", board[0].UnitName, label], body, $"/Points/Boards?unit={u.Unit}&month={label}", $"points-board:{label}:{u.User}");
        }, ct);
    }
}
