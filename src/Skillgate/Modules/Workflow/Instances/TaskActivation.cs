using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Calendars;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>
/// Opens a step's task: its due time from the instance unit's working calendar, the escalation chain as absolute times (so the
/// escalation job needs no calendar), and a notification to everyone responsible.
/// </summary>
internal sealed class TaskActivation(NotificationService notifications, Texts t)
{
    public sealed record Escalation(DateTimeOffset At, string Target);

    public async Task ActivateAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid instanceId, string number, string title, Guid orgUnitId, StepDef step, int stepIndex, DateTime now, CancellationToken ct)
    {
        DateTimeOffset? due = null;
        var chain = new List<Escalation>();
        if (step.LimitHours is { } limit)
        {
            var calendar = await CalendarHandler.ForUnitAsync(connection, tx, orgUnitId, ct);
            var working = step.HourKind == "working";
            var start = new DateTimeOffset(now, TimeSpan.Zero);
            due = calendar.Add(start, limit, working);
            chain.AddRange(step.Escalation.Select(e => new Escalation(calendar.Add(due.Value, e.AfterHours, working), e.Target)));
        }

        var taskId = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO workflow.task (id, instance_id, step_key, step_index, role, function, status, received_at, due_at, escalations, next_check_at)
            VALUES (@taskId, @instanceId, @key, @stepIndex, @role, @function, 'open', @now, @due, @chain::jsonb, @due)
            """,
            new { taskId, instanceId, key = step.Key, stepIndex, role = step.Role, function = step.Function, now, due = due?.UtcDateTime, chain = JsonSerializer.Serialize(chain, DefinitionHandler.Json) },
            tx, cancellationToken: ct));
        var users = await connection.ExecuteScalarAsync<Guid[]>(new CommandDefinition("SELECT workflow.responsible_users(@taskId)", new { taskId }, tx, cancellationToken: ct)) ?? [];
        await notifications.SendAsync(connection, tx, users, u => u, u => new NotificationService.Outgoing(
            u, "workflow_task", t["workflow.task_title", number, Texts.IsChinese ? step.NameZh : step.NameEn], title, $"/Workflow/Instances/Details?id={instanceId}", $"wf-task:{taskId}"), ct);
    }
}
