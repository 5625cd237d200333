using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>
/// Running workflows: starting one (the starter fills the first step), completing the open task (only someone responsible for it:
/// its assignee, or a user with the step's role whose scope covers the instance), taking a task, comments. Every change, its audit
/// row, the next task and its notifications commit together; the instance row is locked so two completions cannot both win.
/// </summary>
internal sealed class InstanceHandler(
    PlatformDb db, UnitOfWork work, DataScope scope, CurrentUser me, ESignatureService signatures, NotificationService notifications, FormValues forms,
    TaskActivation activation, MocTrainingPlan mocPlan, InstanceReader reader, IEnumerable<IWorkflowStepAction> actions, TimeProvider clock, Texts t)
{
    /// <summary>
    /// Starts an instance; one about a record of another module (<paramref name="subject"/>) is raised by that module, which has
    /// checked the caller may raise it, so neither the caller's data scope nor the first step's role is asked for (a worker,
    /// a sales clerk or a QA engineer appealing their own score).
    /// </summary>
    public async Task<InstanceDto> StartAsync(StartInput input, CancellationToken ct, WorkflowSubject? subject = null)
    {
        var userId = me.UserId ?? throw new RuleViolationException("signature_needs_person", t["signature.needs_person"]);
        new Validation().Require("title", input.Title, t["validation.required"]).MaxLength("title", input.Title, 200, t["validation.max_length", 200]).ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var sqlTx = tx.Sql;
        if ((subject is null && !(await scope.GetAsync(ct)).Covers(input.OrgUnitId))
            || !await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM org.org_unit_v WHERE id = @id AND active)", new { id = input.OrgUnitId }, sqlTx))
        {
            throw new NotFoundException(t["workflow.unit_unknown"]);
        }

        var version = await connection.QuerySingleOrDefaultAsync<(Guid DefinitionId, Guid VersionId, string Code, string Steps)?>(new CommandDefinition(
            """
            SELECT d.id, v.id, d.code, v.steps::text FROM workflow.definition d JOIN workflow.definition_version v ON v.definition_id = d.id AND v.status = 'published'
            WHERE lower(d.code) = lower(@code) AND d.active
            """, new { code = input.Definition ?? "" }, sqlTx, cancellationToken: ct))
            ?? throw new NotFoundException(t["workflow.definition_unknown"]);
        var steps = DefinitionHandler.Parse(version.Steps);
        var first = steps[0];
        if (subject is null && !me.IsInRole(first.Role))
        {
            throw new ForbiddenException("not_responsible", t["workflow.not_responsible"]);
        }

        var values = await forms.CheckAsync(connection, sqlTx, first.Form, input.Form, strict: true, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var number = $"{version.Code}-{now:yyyy}-" + (await connection.ExecuteScalarAsync<long>("SELECT nextval('workflow.instance_number')", transaction: sqlTx)).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        var data = new Dictionary<string, Dictionary<string, string?>> { [first.Key] = values };
        try
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO workflow.instance (id, number, definition_id, version_id, title, org_unit_id, status, data, started_by, started_at, subject_type, subject_id)
                VALUES (@id, @number, @definitionId, @versionId, @title, @unit, 'open', @data::jsonb, @userId, @now, @subjectType, @subjectId)
                """,
                new
                {
                    id, number, definitionId = version.DefinitionId, versionId = version.VersionId, title = input.Title!.Trim(), unit = input.OrgUnitId, data = Serialize(data), userId, now,
                    subjectType = subject?.Type, subjectId = subject?.Id,
                }, sqlTx);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "instance_open_subject_ux")
        {
            throw new RuleViolationException("workflow_subject_open", t["workflow.subject_open"]);
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO workflow.task (id, instance_id, step_key, step_index, role, function, status, assignee_id, received_at, started_at, done_at, done_by, outcome, comment, form)
            VALUES (@taskId, @id, @key, 0, @role, @function, 'done', @userId, @now, @now, @now, @userId, 'approve', @comment, @form::jsonb)
            """,
            new { taskId = Guid.CreateVersion7(), id, key = first.Key, role = first.Role, function = first.Function, userId, now, comment = Trim(input.Comment), form = JsonSerializer.Serialize(values) }, sqlTx);
        await tx.AuditAsync("started", "workflow_instance", id, null, new { number, input.Title, input.OrgUnitId, form = values, subject });
        await NextAsync(connection, sqlTx, new Opened(id, number, input.Title.Trim(), input.OrgUnitId, userId, steps, data, subject), 1, now, ct);
        await tx.CommitAsync(ct);
        return await reader.GetAsync(id, ct);
    }

    /// <summary>The caller takes the open task: it becomes theirs alone, and its start is recorded.</summary>
    public async Task<InstanceDto> ClaimAsync(Guid id, Guid taskId, CancellationToken ct)
    {
        await reader.EnsureVisibleAsync(id, ct);
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var sqlTx = tx.Sql;
        await OpenTaskAsync(connection, sqlTx, id, taskId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync("UPDATE workflow.task SET assignee_id = @userId, started_at = coalesce(started_at, @now) WHERE id = @taskId", new { userId = me.UserId, now, taskId }, sqlTx);
        await tx.AuditAsync("task_claimed", "workflow_instance", id, null, new { taskId });
        await tx.CommitAsync(ct);
        return await reader.GetAsync(id, ct);
    }

    public async Task<InstanceDto> CompleteAsync(Guid id, Guid taskId, CompleteInput input, CancellationToken ct)
    {
        await reader.EnsureVisibleAsync(id, ct);
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var sqlTx = tx.Sql;
        var (opened, stepIndex) = await OpenTaskAsync(connection, sqlTx, id, taskId, ct);
        var step = opened.Steps[stepIndex];
        var v = new Validation();
        if (input.Outcome is null || !step.Outcomes.Contains(input.Outcome))
        {
            v.Add("outcome", t["workflow.outcome_not_allowed"]);
        }

        if (input.Outcome is "reject" or "return" && string.IsNullOrWhiteSpace(input.Comment))
        {
            v.Add("comment", t["workflow.comment_required"]);
        }

        if (input.Outcome == "return" && (input.ReturnTo is null || !step.ReturnTo.Contains(input.ReturnTo)))
        {
            v.Add("returnTo", t["workflow.return_to"]);
        }

        v.MaxLength("comment", input.Comment, 4000, t["validation.max_length", 4000]).ThrowIfInvalid();
        var values = await forms.CheckAsync(connection, sqlTx, step.Form, input.Form, strict: input.Outcome == "approve", ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Guid? signatureId = null;
        if (step.Signature && input.Outcome == "approve")
        {
            signatureId = (await signatures.SignAsync(input.Password, input.Meaning, "workflow_task", taskId, ct)).Id;
            await db.SaveChangesAsync(ct);
        }

        await connection.ExecuteAsync(
            """
            UPDATE workflow.task SET status = 'done', done_at = @now, done_by = @userId, started_at = coalesce(started_at, @now), outcome = @outcome, comment = @comment,
                   form = @form::jsonb, signature_id = @signatureId, next_check_at = NULL
            WHERE id = @taskId
            """,
            new { now, userId = me.UserId, outcome = input.Outcome, comment = Trim(input.Comment), form = JsonSerializer.Serialize(values), signatureId, taskId }, sqlTx);
        // Late, whether or not an escalation pass has seen it yet: the breach is recorded (or closed) with the completion.
        await connection.ExecuteAsync(
            """
            INSERT INTO workflow.sla_breach (id, task_id, instance_id, step_key, function, org_unit_id, due_at, recorded_at, done_at)
            SELECT gen_random_uuid(), t.id, t.instance_id, t.step_key, t.function, i.org_unit_id, t.due_at, @now, @now
            FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id WHERE t.id = @taskId AND t.due_at < @now
            ON CONFLICT (task_id) DO UPDATE SET done_at = excluded.done_at
            """, new { now, taskId }, sqlTx);
        await connection.ExecuteAsync("UPDATE workflow.task SET overdue = true WHERE id = @taskId AND due_at < @now", new { now, taskId }, sqlTx);
        var data = new Dictionary<string, Dictionary<string, string?>>(opened.Data) { [step.Key] = values };
        await connection.ExecuteAsync("UPDATE workflow.instance SET data = @data::jsonb, version = version + 1 WHERE id = @id", new { data = Serialize(data), id }, sqlTx);
        await tx.AuditAsync("task_" + input.Outcome, "workflow_instance", id, null,
            new { taskId, step = step.Key, input.Outcome, input.Comment, form = values, signed = signatureId is not null });
        opened = opened with { Data = data };
        switch (input.Outcome)
        {
            case "approve":
                if (step.Action == "moc_plan")
                {
                    var planId = await mocPlan.CreateAsync(connection, sqlTx, opened.OrgUnitId, opened.Number, opened.Steps, data, ct);
                    await connection.ExecuteAsync("UPDATE workflow.instance SET plans = array_append(plans, @planId) WHERE id = @id", new { planId, id }, sqlTx);
                }
                else if (step.Action is { } name && actions.FirstOrDefault(a => a.Name == name) is { } action)
                {
                    await action.RunAsync(new WorkflowStepContext(id, opened.Number, opened.OrgUnitId, opened.Subject, step.Key, data), ct);
                }

                await NextAsync(connection, sqlTx, opened, stepIndex + 1, now, ct);
                break;
            case "reject":
                await CloseAsync(connection, sqlTx, opened, "rejected", now, ct);
                break;
            default:
                await NextAsync(connection, sqlTx, opened, opened.Steps.ToList().FindIndex(s => s.Key == input.ReturnTo), now, ct);
                break;
        }

        await tx.CommitAsync(ct);
        return await reader.GetAsync(id, ct);
    }

    public async Task<InstanceDto> AddNoteAsync(Guid id, NoteInput input, CancellationToken ct)
    {
        var userId = me.UserId ?? throw new RuleViolationException("signature_needs_person", t["signature.needs_person"]);
        await reader.EnsureVisibleAsync(id, ct);
        var v = new Validation();
        v.Require("text", input.Text, t["validation.required"]).MaxLength("text", input.Text, 4000, t["validation.max_length", 4000]);
        var (connection, _) = await work.SqlAsync(ct);
        if (input.FileId is { } file && !await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM platform.stored_file WHERE id = @file)", new { file }))
        {
            v.Add("fileId", t["workflow.reference_unknown"]);
        }

        v.ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        var sqlTx = tx.Sql;
        var now = clock.GetUtcNow().UtcDateTime;
        var noteId = Guid.CreateVersion7();
        await connection.ExecuteAsync("INSERT INTO workflow.note (id, instance_id, user_id, at, text, file_id) VALUES (@noteId, @id, @userId, @now, @text, @file)",
            new { noteId, id, userId, now, text = input.Text!.Trim(), file = input.FileId }, sqlTx);
        await tx.AuditAsync("commented", "workflow_instance", id, null, new { noteId, input.Text, input.FileId });
        await tx.CommitAsync(ct);
        return await reader.GetAsync(id, ct);
    }

    /// <summary>Locks the instance and checks that the task is its open one and the caller is responsible for it (else 403).</summary>
    private async Task<(Opened Instance, int StepIndex)> OpenTaskAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, Guid taskId, CancellationToken ct)
    {
        var row = await connection.QuerySingleAsync<(string Number, string Title, Guid OrgUnitId, Guid StartedBy, string Status, string Steps, string Data, string? SubjectType, Guid? SubjectId)>(new CommandDefinition(
            """
            SELECT i.number, i.title, i.org_unit_id, i.started_by, i.status, v.steps::text, i.data::text, i.subject_type, i.subject_id FROM workflow.instance i
            JOIN workflow.definition_version v ON v.id = i.version_id WHERE i.id = @id FOR NO KEY UPDATE OF i
            """, new { id }, tx, cancellationToken: ct));

        // The task is locked before any slow work (signature, audit): an escalation pass holding it finishes first, and the
        // instance lock (NO KEY UPDATE) lets that pass's foreign-key checks through, so the two cannot deadlock.
        var task = await connection.QuerySingleOrDefaultAsync<(string Status, int StepIndex, bool Mine)?>(new CommandDefinition(
            """
            SELECT status, step_index, @userId = ANY (workflow.responsible_users(id)) FROM workflow.task
            WHERE id = @taskId AND instance_id = @id FOR UPDATE
            """,
            new { taskId, id, userId = me.UserId ?? Guid.Empty }, tx, cancellationToken: ct))
            ?? throw new NotFoundException(t["workflow.task_unknown"]);
        if (task.Status != "open" || row.Status != "open")
        {
            throw new RuleViolationException("task_closed", t["workflow.task_closed"]);
        }

        if (!task.Mine)
        {
            throw new ForbiddenException("not_responsible", t["workflow.not_responsible"]);
        }

        var data = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string?>>>(row.Data)!;
        var subject = row.SubjectType is { } type && row.SubjectId is { } subjectId ? new WorkflowSubject(type, subjectId) : null;
        return (new Opened(id, row.Number, row.Title, row.OrgUnitId, row.StartedBy, DefinitionHandler.Parse(row.Steps), data, subject), task.StepIndex);
    }

    private async Task NextAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Opened instance, int stepIndex, DateTime now, CancellationToken ct)
    {
        if (stepIndex >= instance.Steps.Count)
        {
            await CloseAsync(connection, tx, instance, "completed", now, ct);
            return;
        }

        await activation.ActivateAsync(connection, tx, instance.Id, instance.Number, instance.Title, instance.OrgUnitId, instance.Steps[stepIndex], stepIndex, now, ct);
    }

    private async Task CloseAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Opened instance, string status, DateTime now, CancellationToken ct)
    {
        await connection.ExecuteAsync("UPDATE workflow.instance SET status = @status, closed_at = @now WHERE id = @id", new { status, now, id = instance.Id }, tx);
        await work.AuditAsync(status, "workflow_instance", instance.Id, null, new { instance.Number });
        await notifications.SendAsync(connection, tx, new[] { instance.StartedBy }, u => u, u => new NotificationService.Outgoing(
            u, "workflow_closed", t["workflow.closed_title", instance.Number, t[WorkflowVocabularies.InstanceStatus, status]], instance.Title,
            $"/Workflow/Instances/Details?id={instance.Id}", $"wf-closed:{instance.Id}"), ct);
    }

    private static string Serialize(Dictionary<string, Dictionary<string, string?>> data) => JsonSerializer.Serialize(data);

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record Opened(
        Guid Id, string Number, string Title, Guid OrgUnitId, Guid StartedBy, IReadOnlyList<StepDef> Steps, Dictionary<string, Dictionary<string, string?>> Data, WorkflowSubject? Subject);
}
