using Skillgate.Modules.Workflow.Contracts;
using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;

namespace Skillgate.Modules.Workflow.Sla;

/// <summary>How one pass went: tasks looked at, breaches recorded, escalation levels reached.</summary>
internal sealed record EscalationRun(int Checked, int Breaches, int Escalations);

/// <summary>
/// Runs on every node. Each pass takes the open tasks whose next check is due, a batch at a time, with FOR UPDATE SKIP LOCKED: a task
/// is handled by one node at a time, and its next check moves on in the same transaction. A task past its limit is marked overdue,
/// its breach recorded against the responsible function and its people told; each escalation level reached is recorded once (its
/// primary key) and its recipients told in the same transaction, so nothing is sent twice however many nodes run.
/// </summary>
internal sealed class EscalationJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration) : IBackgroundJob
{
    public string Name => "workflow-deadlines";

    public TimeSpan Every => TimeSpan.FromSeconds(configuration.GetValue("Skillgate:Workflow:EscalationPollSeconds", 60));

    public bool DelayFirst => true;

    Task IBackgroundJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    public async Task<EscalationRun> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!services.GetRequiredService<DatabaseRuntime>().IsStarted)
        {
            return new EscalationRun(0, 0, 0);
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "job:" + Name);
        var work = services.GetRequiredService<UnitOfWork>();
        var notifications = services.GetRequiredService<NotificationService>();
        var t = services.GetRequiredService<Texts>();
        var size = configuration.GetValue("Skillgate:Workflow:EscalationBatch", 1000);
        var total = new EscalationRun(0, 0, 0);
        while (true)
        {
            var run = await BatchAsync(work, notifications, t, size, ct);
            total = new EscalationRun(total.Checked + run.Checked, total.Breaches + run.Breaches, total.Escalations + run.Escalations);
            if (run.Checked < size)
            {
                return total;
            }
        }
    }

    private async Task<EscalationRun> BatchAsync(UnitOfWork work, NotificationService notifications, Texts t, int size, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var due = (await connection.QueryAsync<Due>(new CommandDefinition(
            """
            SELECT t.id, t.instance_id, t.step_key, t.role, t.function, t.assignee_id, t.due_at, t.overdue, t.escalation_level, t.escalations::text AS escalations,
                   i.number, i.title, i.org_unit_id
            FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id
            WHERE t.status = 'open' AND t.next_check_at <= @now
            ORDER BY t.next_check_at LIMIT @size FOR UPDATE OF t SKIP LOCKED
            """, new { now = now.UtcDateTime, size }, tx.Sql, cancellationToken: ct))).ToList();
        if (due.Count == 0)
        {
            return new EscalationRun(0, 0, 0);
        }

        var overdue = due.Where(d => !d.Overdue).ToList();
        var levels = new List<(Guid Task, int Level, string Target)>();
        var next = new List<(Guid Task, int Level, DateTime? At)>();
        foreach (var d in due)
        {
            var chain = JsonSerializer.Deserialize<List<TaskActivation.Escalation>>(d.Escalations, DefinitionHandler.Json) ?? [];
            var level = d.EscalationLevel;
            while (level < chain.Count && chain[level].At <= now)
            {
                levels.Add((d.Id, level + 1, chain[level].Target));
                level++;
            }

            next.Add((d.Id, level, level < chain.Count ? chain[level].At.UtcDateTime : null));
        }

        // Who is responsible, and who an escalation reaches, depends only on the unit, role, assignee and function: each is looked up
        // once per batch for one task that stands for all tasks alike (a backlog of thousands shares a few dozen such keys).
        var byId = due.ToDictionary(d => d.Id);
        var stand = due.GroupBy(d => (d.OrgUnitId, d.Role, d.AssigneeId, d.Function)).SelectMany(g => g.Select(d => (d.Id, Rep: g.First().Id))).ToDictionary(x => x.Id, x => x.Rep);
        var breaches = (await connection.QueryAsync<(Guid Id, Guid TaskId)>(new CommandDefinition(
            """
            INSERT INTO workflow.sla_breach (id, task_id, instance_id, step_key, function, org_unit_id, due_at, recorded_at)
            SELECT gen_random_uuid(), x.task, x.instance, x.step, x.function, x.unit, x.due, @now
            FROM unnest(@ids, @instances, @steps, @functions, @units, @dues) AS x(task, instance, step, function, unit, due)
            ON CONFLICT (task_id) DO NOTHING
            RETURNING id, task_id
            """,
            new
            {
                ids = overdue.Select(o => o.Id).ToArray(), instances = overdue.Select(o => o.InstanceId).ToArray(), steps = overdue.Select(o => o.StepKey).ToArray(),
                functions = overdue.Select(o => o.Function).ToArray(), units = overdue.Select(o => o.OrgUnitId).ToArray(), dues = overdue.Select(o => o.DueAt).ToArray(),
                now = now.UtcDateTime,
            },
            tx.Sql, cancellationToken: ct))).ToDictionary(b => b.TaskId, b => b.Id);
        var reached = (await connection.QueryAsync<(Guid TaskId, int Level, string Target, Guid[] Recipients)>(new CommandDefinition(
            """
            WITH r AS (
                SELECT y.rep, y.target, workflow.escalation_recipients(y.rep, y.target) AS recipients
                FROM (SELECT DISTINCT rep, target FROM unnest(@reps, @targets) AS z(rep, target)) y)
            INSERT INTO workflow.escalation (task_id, level, target, recipients, at)
            SELECT x.task, x.level, x.target, r.recipients, @now
            FROM unnest(@tasks, @levels, @targets, @reps) AS x(task, level, target, rep) JOIN r ON r.rep = x.rep AND r.target = x.target
            ON CONFLICT (task_id, level) DO NOTHING
            RETURNING task_id, level, target, recipients
            """,
            new
            {
                tasks = levels.Select(l => l.Task).ToArray(), levels = levels.Select(l => l.Level).ToArray(), targets = levels.Select(l => l.Target).ToArray(),
                reps = levels.Select(l => stand[l.Task]).ToArray(), now = now.UtcDateTime,
            },
            tx.Sql, cancellationToken: ct))).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE workflow.task t SET overdue = true, escalation_level = x.level, next_check_at = x.at
            FROM unnest(@tasks, @levels, @ats) AS x(task, level, at) WHERE t.id = x.task
            """,
            new { tasks = next.Select(n => n.Task).ToArray(), levels = next.Select(n => n.Level).ToArray(), ats = next.Select(n => n.At).ToArray() }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync(AuditRows(overdue, breaches, reached, byId));

        var reps = overdue.Select(o => stand[o.Id]).Distinct().ToArray();
        var users = reps.Length == 0 ? new Dictionary<Guid, Guid[]>() : (await connection.QueryAsync<(Guid Rep, Guid[] Users)>(new CommandDefinition(
            "SELECT r, workflow.responsible_users(r) FROM unnest(@reps) AS r", new { reps }, tx.Sql, cancellationToken: ct))).ToDictionary(r => r.Rep, r => r.Users);
        var responsible = overdue.Select(o => (TaskId: o.Id, Users: users[stand[o.Id]])).ToList();
        var messages = responsible.SelectMany(r => r.Users.Select(u => (User: u, Compose: (Func<NotificationService.Outgoing>)(() => new NotificationService.Outgoing(
                u, "workflow_overdue", t["workflow.overdue_title", byId[r.TaskId].Number], byId[r.TaskId].Title, Link(byId[r.TaskId]), $"wf-overdue:{r.TaskId}")))))
            .Concat(reached.SelectMany(e => e.Recipients.Select(u => (User: u, Compose: (Func<NotificationService.Outgoing>)(() => new NotificationService.Outgoing(
                u, "workflow_escalation", t["workflow.escalation_title", byId[e.TaskId].Number, t[WorkflowVocabularies.EscalationTarget, e.Target]],
                t["workflow.escalation_body", byId[e.TaskId].Title, byId[e.TaskId].DueAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)],
                Link(byId[e.TaskId]), $"wf-escalation:{e.TaskId}:{e.Level}"))))))
            .ToList();
        await notifications.SendAsync(connection, tx.Sql, messages, m => m.User, m => m.Compose(), ct);
        await tx.CommitAsync(ct);
        return new EscalationRun(due.Count, breaches.Count, reached.Count);
    }

    /// <summary>Each step that became overdue, each escalation level it reached, and each breach recorded.</summary>
    private static List<AuditRow> AuditRows(
        List<Due> overdue, Dictionary<Guid, Guid> breaches, List<(Guid TaskId, int Level, string Target, Guid[] Recipients)> reached, Dictionary<Guid, Due> byId) =>
        overdue.Select(o => new AuditRow("task_overdue", "workflow_task", o.Id, null, new Dictionary<string, object?>
            {
                ["instance_id"] = o.InstanceId, ["step_key"] = o.StepKey, ["due_at"] = o.DueAt,
            }))
            .Concat(breaches.Select(b => new AuditRow("created", "sla_breach", b.Value, null, new Dictionary<string, object?>
            {
                ["task_id"] = b.Key, ["instance_id"] = byId[b.Key].InstanceId, ["function"] = byId[b.Key].Function, ["org_unit_id"] = byId[b.Key].OrgUnitId,
                ["due_at"] = byId[b.Key].DueAt,
            })))
            .Concat(reached.Select(e => new AuditRow("task_escalated", "workflow_task", e.TaskId, null, new Dictionary<string, object?>
            {
                ["instance_id"] = byId[e.TaskId].InstanceId, ["level"] = e.Level, ["target"] = e.Target, ["recipients"] = e.Recipients,
            })))
            .ToList();

    private static string Link(Due d) => $"/Workflow/Instances/Details?id={d.InstanceId}";

    private sealed record Due(
        Guid Id, Guid InstanceId, string StepKey, string Role, string Function, Guid? AssigneeId, DateTime DueAt, bool Overdue, int EscalationLevel, string Escalations, string Number, string Title, Guid OrgUnitId);
}
