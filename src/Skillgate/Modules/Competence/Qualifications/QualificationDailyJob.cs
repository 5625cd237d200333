using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>
/// Once a day (one node only): versions whose date has come become effective, statuses move to expiring and
/// expired, points requirements are judged on the points still inside their window, credits requirements on the year's credits, and reminders go to the employee and their department heads at each lead time, once.
/// </summary>
internal sealed class QualificationDailyJob(IServiceScopeFactory scopes) : IBackgroundJob
{
    public const string JobName = "qualification-daily";

    public string Name => JobName;

    /// <summary>Hourly, so a node started after midnight or a failed pass still does the day's work (the gate lets one run a day).</summary>
    public TimeSpan Every => TimeSpan.FromHours(1);

    public bool DelayFirst => false;

    Task IBackgroundJob.RunOnceAsync(CancellationToken ct) => RunAsync(ct);

    /// <returns>False when another run (or node) already did today's work.</returns>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var runtime = services.GetRequiredService<DatabaseRuntime>();
        if (!runtime.IsStarted)
        {
            return false;
        }

        var engine = services.GetRequiredService<QualificationEngine>();
        if (!await services.GetRequiredService<DailyJobGate>().TryClaimAsync(JobName, engine.Today, ct))
        {
            return false;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "job:" + JobName);
        await services.GetRequiredService<IStandardsMaintenance>().ActivateDueVersionsAsync(ct);
        var db = services.GetRequiredService<CompetenceDb>();
        await using (var tx = await db.BeginAsync(ct))
        {
            var horizon = engine.Today.AddDays(engine.ExpiringWindowDays + 1);
            var (connection, transaction) = await db.SqlAsync(ct);
            var due = (await connection.QueryAsync<DuePair>(new CommandDefinition(
                "SELECT employee_id AS EmployeeId, requirement_id AS RequirementId FROM competence.qualification WHERE valid_until IS NOT NULL AND valid_until <= @horizon::date AND status <> 'expired'",
                new { horizon = horizon.ToDateTime(TimeOnly.MinValue) }, transaction, cancellationToken: ct))).ToList();
            if (due.Count > 0)
            {
                await engine.RefreshAsync(due.Select(d => d.EmployeeId).Distinct().ToList(), due.Select(d => d.RequirementId).Distinct().ToList(), ct);
            }

            await services.GetRequiredService<PointsStandingRefresher>().RefreshForAsync(null, ct);
            await services.GetRequiredService<CreditsStandingRefresher>().RefreshForAsync(null, ct);

            // From this commit on the stored statuses are today's, and the gate reads them (migration 0052).
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE competence.statuses_day SET day = @today::date", new { today = engine.Today.ToDateTime(TimeOnly.MinValue) }, transaction, cancellationToken: ct));

            await tx.CommitAsync(ct);
        }

        await SendRemindersAsync(services, engine, ct);
        return true;
    }

    private static async Task SendRemindersAsync(IServiceProvider services, QualificationEngine engine, CancellationToken ct)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var leads = (configuration["Skillgate:ReminderLeadDays"] ?? "30,7,0")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).OrderByDescending(d => d).ToArray();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var today = engine.Today;
        var rows = (await connection.QueryAsync<ReminderRow>(new CommandDefinition(
            """
            SELECT q.employee_id AS EmployeeId, q.requirement_id AS RequirementId, q.valid_until AS ValidUntil, e.name AS EmployeeName, e.employee_no AS EmployeeNo,
                   ARRAY(SELECT u.id FROM auth.app_user u WHERE u.active AND u.employee_id = e.id) AS EmployeeUsers,
                   org.department_heads(e.org_unit_id) AS HeadUsers
            FROM competence.qualification q JOIN org.employee_v e ON e.id = q.employee_id
            WHERE q.valid_until IS NOT NULL AND q.valid_until <= @horizon AND e.status <> 'exited'
            """, new { horizon = today.AddDays(leads.Max()).ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var requirements = await services.GetRequiredService<CompetenceDb>().Set<Domain.Requirement>().AsNoTracking()
            .Where(r => rows.Select(x => x.RequirementId).Contains(r.Id)).ToListAsync(ct);
        var label = await engine.LabelerAsync(requirements, ct);
        var known = requirements.Select(r => r.Id).ToHashSet();
        var t = services.GetRequiredService<Texts>();
        var reminders = (
            from row in rows.Where(r => known.Contains(r.RequirementId))
            from lead in leads.Where(l => today >= row.ValidUntil.AddDays(-l))
            from user in row.EmployeeUsers.Concat(row.HeadUsers).Distinct()
            select (User: user, Row: row, Lead: lead)).ToList();
        await services.GetRequiredService<NotificationService>().SendAsync(connection, null, reminders, r => r.User, r => new NotificationService.Outgoing(
            r.User, "qualification_expiry",
            r.Lead == 0
                ? t["reminder.expired", r.Row.EmployeeName, label(r.Row.RequirementId)]
                : t["reminder.expiring", r.Row.EmployeeName, label(r.Row.RequirementId), r.Row.ValidUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)],
            "", $"/Organization/Employees/Profile?id={r.Row.EmployeeId}", $"expiry:{r.Row.EmployeeId}:{r.Row.RequirementId}:{r.Row.ValidUntil:yyyyMMdd}:{r.Lead}"), ct);
    }

    private sealed record DuePair(Guid EmployeeId, Guid RequirementId);

    private sealed class ReminderRow
    {
        public Guid EmployeeId { get; init; }

        public Guid RequirementId { get; init; }

        public DateOnly ValidUntil { get; init; }

        public string EmployeeName { get; init; } = "";

        public string EmployeeNo { get; init; } = "";

        public Guid[] EmployeeUsers { get; init; } = [];

        public Guid[] HeadUsers { get; init; } = [];
    }
}
