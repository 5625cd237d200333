using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Skillgate.Platform.Contracts;
using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>What a caller may read of running workflows: instances in their data scope (or started by them), their history, their own open tasks, SLA breaches.</summary>
internal sealed class InstanceReader(NpgsqlDataSource dataSource, DataScope scope, CurrentUser me, IAuthorizationService authorization, Texts t)
{
    /// <summary>
    /// Instances in the caller's scope or started by them; an appeal of a KPI score (a person's reasons and pay) only for its
    /// starter and those who may read KPIs, whose scope covers it.
    /// </summary>
    private const string Visible = "(i.started_by = @me OR ((@all OR i.org_unit_id = ANY (@units)) AND (i.subject_type IS DISTINCT FROM 'kpi_score' OR @kpi)))";

    private readonly Dictionary<string, IReadOnlyList<StepDef>> _parsed = new(StringComparer.Ordinal);

    public async Task<InstanceDto> GetAsync(Guid id, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { id, all = filter.All, units = filter.Ids, me = me.UserId ?? Guid.Empty, kpi = await ReadsKpisAsync() };
        var i = await connection.QuerySingleOrDefaultAsync<InstanceRow>(new CommandDefinition(
            $"""
            SELECT i.id, i.number, i.definition_id, d.code AS definition_code, d.name_zh, d.name_en, v.number AS definition_version, v.steps::text AS steps, i.title,
                   i.org_unit_id, ou.name AS org_unit_name, i.status, coalesce(e.name, u.display_name) AS started_by_name, i.started_at, i.closed_at, i.plans, i.version
            FROM workflow.instance i JOIN workflow.definition d ON d.id = i.definition_id JOIN workflow.definition_version v ON v.id = i.version_id
            JOIN org.org_unit_v ou ON ou.id = i.org_unit_id JOIN auth.app_user u ON u.id = i.started_by LEFT JOIN org.employee_v e ON e.id = u.employee_id
            WHERE i.id = @id AND {Visible}
            """, args, cancellationToken: ct)) ?? throw new NotFoundException(t["workflow.instance_unknown"]);
        var steps = DefinitionHandler.Parse(i.Steps);
        var tasks = (await connection.QueryAsync<TaskRow>(new CommandDefinition(
            """
            SELECT t.id, t.step_key, t.role, t.function, t.status, coalesce(ae.name, au.display_name) AS assignee_name, t.received_at, t.started_at, t.done_at,
                   coalesce(de.name, du.display_name) AS done_by_name, t.outcome, t.comment, coalesce(t.form::text, '{}') AS form, t.signature_id IS NOT NULL AS signature_given, t.due_at, t.overdue,
                   coalesce(se.name, su.display_name) AS signed_by, sg.meaning AS signature_meaning, sg.signed_at,
                   t.status = 'open' AND @me = ANY (workflow.responsible_users(t.id)) AS mine
            FROM workflow.task t
            LEFT JOIN auth.app_user au ON au.id = t.assignee_id LEFT JOIN org.employee_v ae ON ae.id = au.employee_id
            LEFT JOIN auth.app_user du ON du.id = t.done_by LEFT JOIN org.employee_v de ON de.id = du.employee_id
            LEFT JOIN platform.e_signature sg ON sg.id = t.signature_id
            LEFT JOIN auth.app_user su ON su.id = sg.user_id LEFT JOIN org.employee_v se ON se.id = su.employee_id
            WHERE t.instance_id = @id ORDER BY t.seq
            """, args, cancellationToken: ct))).ToList();
        var escalations = (await connection.QueryAsync<(Guid TaskId, int Level, string Target, string[] Recipients, DateTime At)>(new CommandDefinition(
            """
            SELECT x.task_id, x.level, x.target,
                   ARRAY(SELECT coalesce(e.name, u.display_name) FROM unnest(x.recipients) r(id) JOIN auth.app_user u ON u.id = r.id LEFT JOIN org.employee_v e ON e.id = u.employee_id ORDER BY 1),
                   x.at
            FROM workflow.escalation x JOIN workflow.task t ON t.id = x.task_id WHERE t.instance_id = @id ORDER BY x.at, x.level
            """, args, cancellationToken: ct))).ToLookup(x => x.TaskId);
        var notes = await connection.QueryAsync<(Guid Id, string UserName, DateTime At, string Text, Guid? FileId)>(new CommandDefinition(
            """
            SELECT n.id, coalesce(e.name, u.display_name), n.at, n.text, n.file_id FROM workflow.note n JOIN auth.app_user u ON u.id = n.user_id
            LEFT JOIN org.employee_v e ON e.id = u.employee_id WHERE n.instance_id = @id ORDER BY n.at
            """, args, cancellationToken: ct));
        var open = tasks.FirstOrDefault(x => x.Status == "open");
        return new InstanceDto(
            i.Id, i.Number, i.DefinitionId, i.DefinitionCode, Texts.IsChinese ? i.NameZh : i.NameEn, i.DefinitionVersion, i.Title, i.OrgUnitId, i.OrgUnitName, i.Status,
            i.StartedByName, Utc(i.StartedAt), Utc(i.ClosedAt), steps,
            tasks.Select(x => new TaskDto(
                x.Id, x.StepKey, steps.FirstOrDefault(s => s.Key == x.StepKey) is { } s ? DefinitionHandler.StepName(s) : x.StepKey, x.Role, x.Function, x.Status, x.AssigneeName,
                Utc(x.ReceivedAt), Utc(x.StartedAt), Utc(x.DoneAt), x.DoneByName, x.Outcome, x.Comment,
                JsonSerializer.Deserialize<Dictionary<string, string?>>(x.Form) ?? [], x.SignatureGiven, Utc(x.DueAt), x.Overdue,
                escalations[x.Id].Select(e => new EscalationDto(e.Level, e.Target, e.Recipients, Utc(e.At))).ToList(),
                x.SignedAt is { } signedAt ? new SignatureDto(x.SignedBy ?? "", x.SignatureMeaning ?? "", Utc(signedAt)) : null)).ToList(),
            notes.Select(n => new NoteDto(n.Id, n.UserName, Utc(n.At), n.Text, n.FileId)).ToList(), open?.Id, open?.Mine == true, i.Plans, i.Version);
    }

    /// <summary>404 unless the caller may see the instance; the changes call it before their locks instead of reading the whole instance.</summary>
    private async Task<bool> ReadsKpisAsync() => (await authorization.AuthorizeAsync(me.Principal, Permissions.KpiRead)).Succeeded;

    public async Task EnsureVisibleAsync(Guid id, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"SELECT EXISTS (SELECT 1 FROM workflow.instance i WHERE i.id = @id AND {Visible})",
                new { id, all = filter.All, units = filter.Ids, me = me.UserId ?? Guid.Empty, kpi = await ReadsKpisAsync() }, cancellationToken: ct)))
        {
            throw new NotFoundException(t["workflow.instance_unknown"]);
        }
    }

    public async Task<Page<InstanceSummary>> ListAsync(string? status, string? definition, string? q, bool overdueOnly, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new
        {
            status = Blank(status), definition = Blank(definition), q = $"%{q?.Trim()}%", overdueOnly, all = filter.All, units = filter.Ids, me = me.UserId ?? Guid.Empty,
            kpi = await ReadsKpisAsync(), offset = (page - 1) * pageSize, pageSize,
        };
        var where = $"""
            WHERE {Visible} AND (@status::text IS NULL OR i.status = @status) AND (@definition::text IS NULL OR lower(d.code) = lower(@definition))
              AND (i.title ILIKE @q OR i.number ILIKE @q) AND (NOT @overdueOnly OR ot.overdue)
            """;
        const string from = """
            FROM workflow.instance i JOIN workflow.definition d ON d.id = i.definition_id JOIN org.org_unit_v ou ON ou.id = i.org_unit_id
            JOIN workflow.definition_version v ON v.id = i.version_id
            LEFT JOIN LATERAL (SELECT t.step_key, t.role, t.due_at, t.overdue FROM workflow.task t WHERE t.instance_id = i.id AND t.status = 'open' LIMIT 1) ot ON true
            """;
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) {from} {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            $"""
            SELECT i.id, i.number, d.code AS definition_code, i.title, ou.name AS org_unit_name, i.status, ot.step_key AS current_step, ot.role AS current_role, ot.due_at,
                   coalesce(ot.overdue, false) AS overdue, i.started_at, i.closed_at, v.steps::text AS steps
            {from} {where}
            ORDER BY i.status = 'open' DESC, coalesce(ot.overdue, false) DESC, i.started_at DESC OFFSET @offset LIMIT @pageSize
            """, args, cancellationToken: ct));
        return new Page<InstanceSummary>(rows.Select(r => new InstanceSummary(
            r.Id, r.Number, r.DefinitionCode, r.Title, r.OrgUnitName, r.Status,
            r.CurrentStep is null ? null : StepName(r.Steps, r.CurrentStep), r.CurrentRole, Utc(r.DueAt), r.Overdue, Utc(r.StartedAt), Utc(r.ClosedAt))).ToList(),
            total, page, pageSize);
    }

    /// <summary>The open tasks the caller may complete: assigned to them, or unassigned with one of their roles in their scope.</summary>
    public async Task<IReadOnlyList<MyTaskDto>> MyTasksAsync(CancellationToken ct)
    {
        if (me.UserId is not { } userId)
        {
            return [];
        }

        var filter = await scope.GetAsync(ct);
        var roles = Roles.All.Where(me.IsInRole).ToArray();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid TaskId, Guid InstanceId, string Number, string Code, string Title, string StepKey, string Steps, DateTime ReceivedAt, DateTime? DueAt, bool Overdue, bool Claimed)>(
            new CommandDefinition(
                """
                SELECT t.id, i.id, i.number, d.code, i.title, t.step_key, v.steps::text, t.received_at, t.due_at, t.overdue, t.assignee_id IS NOT NULL
                FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id JOIN workflow.definition d ON d.id = i.definition_id
                JOIN workflow.definition_version v ON v.id = i.version_id
                WHERE t.status = 'open' AND t.role = ANY (@roles) AND (@all OR i.org_unit_id = ANY (@units))
                  AND (t.assignee_id IS NULL OR t.assignee_id = @userId OR NOT workflow.eligible(t.assignee_id, t.role, i.org_unit_id))
                ORDER BY t.overdue DESC, t.due_at NULLS LAST, t.received_at LIMIT 500
                """, new { userId, roles, all = filter.All, units = filter.Ids }, cancellationToken: ct));
        return rows.Select(r => new MyTaskDto(
            r.TaskId, r.InstanceId, r.Number, r.Code, r.Title,
            StepName(r.Steps, r.StepKey),
            Utc(r.ReceivedAt), Utc(r.DueAt), r.Overdue, r.Claimed)).ToList();
    }

    public async Task<Page<BreachDto>> BreachesAsync(string? function, bool openOnly, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { function = Blank(function), openOnly, all = filter.All, units = filter.Ids, offset = (page - 1) * pageSize, pageSize };
        const string where = "WHERE (@all OR b.org_unit_id = ANY (@units)) AND (@function::text IS NULL OR b.function = @function) AND (NOT @openOnly OR b.done_at IS NULL)";
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM workflow.sla_breach b {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<(Guid Id, Guid InstanceId, string Number, string Title, string StepKey, string Function, Guid OrgUnitId, string OrgUnitName, DateTime DueAt, DateTime RecordedAt, DateTime? DoneAt, string Steps)>(
            new CommandDefinition(
                $"""
                SELECT b.id, b.instance_id, i.number, i.title, b.step_key, b.function, b.org_unit_id, ou.name, b.due_at, b.recorded_at, b.done_at, v.steps::text
                FROM workflow.sla_breach b JOIN workflow.instance i ON i.id = b.instance_id JOIN org.org_unit_v ou ON ou.id = b.org_unit_id
                JOIN workflow.definition_version v ON v.id = i.version_id
                {where} ORDER BY b.due_at DESC OFFSET @offset LIMIT @pageSize
                """, args, cancellationToken: ct));
        return new Page<BreachDto>(rows.Select(r => new BreachDto(
            r.Id, r.InstanceId, r.Number, r.Title, r.StepKey, r.Function, r.OrgUnitId, r.OrgUnitName, Utc(r.DueAt), Utc(r.RecordedAt), Utc(r.DoneAt),
            r.DoneAt is { } done ? Math.Round((decimal)(done - r.DueAt).TotalHours, 1) : null, StepName(r.Steps, r.StepKey))).ToList(), total, page, pageSize);
    }

    /// <summary>Per department function in the caller's scope: breaches, those still open, and steps finished on time.</summary>
    public async Task<IReadOnlyList<BreachSummary>> BreachSummaryAsync(CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<BreachSummary>(new CommandDefinition(
            """
            SELECT t.function, count(b.id)::int AS breaches, count(b.id) FILTER (WHERE b.done_at IS NULL)::int AS still_open,
                   count(*) FILTER (WHERE b.id IS NULL AND t.status = 'done')::int AS done_on_time
            FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id LEFT JOIN workflow.sla_breach b ON b.task_id = t.id
            WHERE t.due_at IS NOT NULL AND (@all OR i.org_unit_id = ANY (@units))
            GROUP BY t.function ORDER BY count(b.id) DESC, t.function
            """, new { all = filter.All, units = filter.Ids }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>A step's name in the reader's language; a page of rows shares a few definition versions, each parsed once.</summary>
    private string StepName(string steps, string key)
    {
        if (!_parsed.TryGetValue(steps, out var parsed))
        {
            _parsed[steps] = parsed = DefinitionHandler.Parse(steps);
        }

        return parsed.FirstOrDefault(s => s.Key == key) is { } step ? DefinitionHandler.StepName(step) : key;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed class InstanceRow
    {
        public Guid Id { get; init; }

        public string Number { get; init; } = "";

        public Guid DefinitionId { get; init; }

        public string DefinitionCode { get; init; } = "";

        public string NameZh { get; init; } = "";

        public string NameEn { get; init; } = "";

        public int DefinitionVersion { get; init; }

        public string Steps { get; init; } = "";

        public string Title { get; init; } = "";

        public Guid OrgUnitId { get; init; }

        public string OrgUnitName { get; init; } = "";

        public string Status { get; init; } = "";

        public string StartedByName { get; init; } = "";

        public DateTime StartedAt { get; init; }

        public DateTime? ClosedAt { get; init; }

        public Guid[] Plans { get; init; } = [];

        public int Version { get; init; }
    }

    private sealed record TaskRow(
        Guid Id, string StepKey, string Role, string Function, string Status, string? AssigneeName, DateTime ReceivedAt, DateTime? StartedAt, DateTime? DoneAt, string? DoneByName,
        string? Outcome, string? Comment, string Form, bool SignatureGiven, DateTime? DueAt, bool Overdue, string? SignedBy, string? SignatureMeaning, DateTime? SignedAt, bool Mine);

    private sealed record SummaryRow(
        Guid Id, string Number, string DefinitionCode, string Title, string OrgUnitName, string Status, string? CurrentStep, string? CurrentRole, DateTime? DueAt, bool Overdue,
        DateTime StartedAt, DateTime? ClosedAt, string Steps);
}
