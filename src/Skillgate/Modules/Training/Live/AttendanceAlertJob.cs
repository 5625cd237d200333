using Dapper;
using Npgsql;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;

namespace Skillgate.Modules.Training.Live;

/// <summary>
/// A set time after a session starts (15 minutes by default), every department whose check-in rate is under the threshold
/// (80 % by default) alerts its department heads, once per session and department (dedupe key), on whichever node runs first.
/// </summary>
internal sealed class AttendanceAlertJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration) : IBackgroundJob
{
    public string Name => "attendance-alerts";

    public TimeSpan Every => TimeSpan.FromMinutes(1);

    public bool DelayFirst => false;

    Task IBackgroundJob.RunOnceAsync(CancellationToken ct) => RunAsync(ct);

    /// <returns>How many alerts were new.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!services.GetRequiredService<DatabaseRuntime>().IsStarted)
        {
            return 0;
        }

        var after = TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:AlertAfterMinutes", 15));
        var threshold = configuration.GetValue("Skillgate:Training:AlertBelowPercent", 80m);
        var now = clock.GetUtcNow();
        var t = services.GetRequiredService<Texts>();
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid SessionId, string Title, Guid UnitId, string UnitName, int Expected, int CheckedIn, Guid[] Heads)>(new CommandDefinition(
            """
            SELECT s.id, s.title, u.id, u.name, count(*)::int,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training.attendance a WHERE a.session_id = s.id AND a.employee_id = p.employee_id AND a.kind = 'in'))::int,
                   org.department_heads(u.id)
            FROM training.session s
            JOIN training.participant p ON p.session_id = s.id AND p.status = 'invited'
            JOIN org.employee_v e ON e.id = p.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id
            WHERE s.status = 'scheduled' AND s.starts_at + @after <= @now AND s.ends_at > @now
            GROUP BY s.id, s.title, u.id, u.name
            """, new { after, now }, cancellationToken: ct));
        var alerts = rows.Where(r => r.Expected > 0 && r.CheckedIn * 100m / r.Expected < threshold).SelectMany(r => r.Heads.Select(head => (Head: head, Row: r))).ToList();
        return await services.GetRequiredService<NotificationService>().SendAsync(null, null, alerts, a => a.Head, a => new NotificationService.Outgoing(
            a.Head, "attendance_alert", t["training.alert_title", a.Row.UnitName, a.Row.Title], t["training.alert_body", a.Row.CheckedIn, a.Row.Expected, threshold],
            $"/Training/Sessions/Live?id={a.Row.SessionId}", $"attendance-alert:{a.Row.SessionId}:{a.Row.UnitId}"), ct);
    }
}
