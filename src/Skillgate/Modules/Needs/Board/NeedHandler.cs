using Skillgate.Platform.Contracts;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Analysis;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Needs.Board;

/// <summary>Needs in the caller's scope: the list, one need with its people and evidence, and HR's decision (accept into a plan, merge, reject).</summary>
internal sealed class NeedHandler(NpgsqlDataSource dataSource, UnitOfWork work, ITrainingPlans plans, DataScope scope, AuditActor actor, TimeProvider clock, Texts t)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly IReadOnlyList<string> Statuses = ["open", "accepted", "merged", "rejected"];

    public static readonly IReadOnlyList<string> Sources = ["trend", "control_chart", "audit_clause", "complaint", "self_declared", "planned_change", "supervision", "attribution", "check_failures"];

    public async Task<Page<NeedSummary>> ListAsync(string? status, string? source, string? q, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        status = string.IsNullOrWhiteSpace(status) ? null : status;
        source = string.IsNullOrWhiteSpace(source) ? null : source;
        var args = new { status, source, q = $"%{q?.Trim()}%", all = filter.All, units = filter.Ids, offset = (page - 1) * pageSize, pageSize };
        const string where = """
            WHERE (@status::text IS NULL OR n.status = @status) AND (@source::text IS NULL OR n.source = @source)
              AND (n.title ILIKE @q OR n.scope_label ILIKE @q) AND (@all OR n.org_unit_id = ANY(@units))
            """;
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM needs.need n {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT n.id, n.source, n.title, n.scope_label, n.org_unit_id, n.priority, n.due_on, n.status,
                   (SELECT count(*)::int FROM needs.need_person p WHERE p.need_id = n.id) AS people, n.created_at
            FROM needs.need n {where}
            ORDER BY n.status = 'open' DESC, CASE n.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, n.due_on, n.created_at DESC
            OFFSET @offset LIMIT @pageSize
            """, args, cancellationToken: ct));
        return new Page<NeedSummary>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    public async Task<NeedDto> GetAsync(Guid id, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var n = await connection.QuerySingleOrDefaultAsync<Detail>(new CommandDefinition(
            """
            SELECT n.*, c.title AS course_title, s.name AS skill_name, n.evidence::text AS evidence_json FROM needs.need n
            LEFT JOIN learning.course_v c ON c.id = n.course_id LEFT JOIN competence.skill_v s ON s.id = n.skill_id WHERE n.id = @id
            """, new { id }, cancellationToken: ct));
        if (n is null || !(filter.All || (n.OrgUnitId is { } unit && filter.Covers(unit))))
        {
            throw new NotFoundException(t["needs.unknown"]);
        }

        var people = await connection.QueryAsync<NeedPerson>(new CommandDefinition(
            """
            SELECT e.id AS employee_id, e.employee_no, e.name, u.name AS org_unit_name FROM needs.need_person p
            JOIN org.employee_v e ON e.id = p.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id WHERE p.need_id = @id ORDER BY e.employee_no
            """, new { id }, cancellationToken: ct));
        var texts = t.For(Texts.CultureOf(CultureInfo.CurrentUICulture));
        var why = string.Join("\n", Evidence(n.EvidenceJson).Select(e => e.Render(texts)));
        return new NeedDto(
            n.Id, n.Source, n.Title, n.CourseId, n.CourseTitle, n.SkillId, n.SkillName, n.OrgUnitId, n.ScopeLabel, why, JsonSerializer.Deserialize<JsonElement>(n.EvidenceJson), n.Priority, n.DueOn, n.Status, n.PlanId,
            n.MergedInto, n.DecisionReason, n.DecidedBy, Utc(n.DecidedAt), Utc(n.CreatedAt), people.ToList(), n.Version);
    }

    public async Task<NeedDto> AcceptAsync(Guid id, AcceptNeedInput input, CancellationToken ct)
    {
        var need = await OpenNeedAsync(id, ct);
        var course = input.CourseId ?? need.CourseId;
        if (course is null)
        {
            new Validation().Add("courseId", t["needs.course_required"]).ThrowIfInvalid();
        }

        // The need is claimed and the plan line added in one transaction: a double click or a parallel decision adds no second line.
        await using (var tx = await work.BeginAsync(ct))
        {
            await ClaimAsync(tx, need, "accepted", new { planId = input.PlanId, courseId = course }, "plan_id = @planId", null, input.PlanId, ct);
            var text = $"{Cut(need.Title, 200)} · {Cut(need.ScopeLabel, 150)} ({t["needs.need"]} {need.Id.ToString()[..8]})";
            await plans.AddItemAsync(input.PlanId, new PlanItemInput(course!.Value, null, Math.Max(1, need.People.Count), null, text), ct);
            await tx.CommitAsync(ct);
        }

        return await GetAsync(id, ct);
    }

    public async Task<NeedDto> MergeAsync(Guid id, MergeNeedInput input, CancellationToken ct)
    {
        var need = await OpenNeedAsync(id, ct);
        var into = await OpenNeedAsync(input.IntoNeedId, ct);
        if (into.Id == need.Id)
        {
            throw new RuleViolationException("merge_self", t["needs.merge_self"]);
        }

        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;

        // Both needs locked (in id order, so two opposite merges wait instead of closing each other) and still open.
        var open = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM (SELECT id FROM needs.need WHERE id IN (@id, @into) AND status = 'open' ORDER BY id FOR UPDATE) x", new { id, into = into.Id }, tx.Sql);
        if (open != 2)
        {
            throw new RuleViolationException("need_decided", t["needs.already_decided", "?"]);
        }

        await connection.ExecuteAsync(
            """
            UPDATE needs.need SET status = 'merged', merged_into = @into, decided_by = @by, decided_at = @now, version = version + 1 WHERE id = @id AND status = 'open';
            INSERT INTO needs.need_person (need_id, employee_id) SELECT @into, employee_id FROM needs.need_person WHERE need_id = @id ON CONFLICT DO NOTHING;
            UPDATE needs.need SET evidence = evidence || (SELECT evidence FROM needs.need WHERE id = @id), why = why || E'\n' || (SELECT why FROM needs.need WHERE id = @id),
                   due_on = least(due_on, (SELECT due_on FROM needs.need WHERE id = @id)), version = version + 1 WHERE id = @into;
            """, new { id, into = into.Id, by = actor.Current.Name, now = clock.GetUtcNow().UtcDateTime }, tx.Sql);
        await tx.AuditAsync("updated", "need", id, new { status = "open" }, new { status = "merged", mergedInto = into.Id });
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<NeedDto> RejectAsync(Guid id, RejectNeedInput input, CancellationToken ct)
    {
        var reason = input.Reason?.Trim() ?? "";
        var v = new Validation().Require("reason", reason, t["needs.reason_required"]).MaxLength("reason", reason, 1000, t["validation.max_length", 1000]);
        v.ThrowIfInvalid();
        var need = await OpenNeedAsync(id, ct);
        await DecideAsync(need, "rejected", new { reason }, "decision_reason = @reason", reason, null, ct);
        return await GetAsync(id, ct);
    }

    public async Task<IReadOnlyList<NeedCount>> DashboardAsync(CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(string Group, string Key, string? Label, int Count)>(new CommandDefinition(
            """
            WITH n AS (SELECT * FROM needs.need WHERE @all OR org_unit_id = ANY(@units))
            SELECT 'source', source, NULL, count(*)::int FROM n GROUP BY source
            UNION ALL SELECT 'status', status, NULL, count(*)::int FROM n GROUP BY status
            UNION ALL SELECT 'unit', coalesce(u.id::text, '-'), u.name, count(*)::int FROM n LEFT JOIN org.org_unit_v u ON u.id = n.org_unit_id GROUP BY u.id, u.name
            """, new { all = filter.All, units = filter.Ids }, cancellationToken: ct));
        return rows.Select(r => new NeedCount(r.Group, r.Key, r.Group switch
        {
            "source" => t[NeedsVocabularies.Source, r.Key],
            "status" => t[NeedsVocabularies.Status, r.Key],
            _ => r.Label ?? t["needs.no_unit"],
        }, r.Count)).OrderBy(r => r.Group, StringComparer.Ordinal).ThenByDescending(r => r.Count).ToList();
    }

    private async Task<NeedDto> OpenNeedAsync(Guid id, CancellationToken ct)
    {
        var need = await GetAsync(id, ct);
        return need.Status == "open" ? need : throw new RuleViolationException("need_decided", t["needs.already_decided", t[NeedsVocabularies.Status, need.Status]]);
    }

    private async Task DecideAsync(NeedDto need, string status, object after, string set, string? reason, Guid? planId, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        await ClaimAsync(tx, need, status, after, set, reason, planId, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Moves the need from open to its decision, or refuses with 409 when someone decided it meanwhile; audited.</summary>
    private async Task ClaimAsync(UnitOfWorkTransaction tx, NeedDto need, string status, object after, string set, string? reason, Guid? planId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE needs.need SET status = @status, {set}, decided_by = @by, decided_at = @now, version = version + 1 WHERE id = @id AND status = 'open'",
            new { id = need.Id, status, planId, reason, by = actor.Current.Name, now }, tx.Sql, cancellationToken: ct));
        if (changed == 0)
        {
            throw new RuleViolationException("need_decided", t["needs.already_decided", "?"]);
        }

        await tx.AuditAsync("updated", "need", need.Id, new { status = "open" }, new { status, detail = after });
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>The evidence items of a need, oldest first.</summary>
    public static IReadOnlyList<EvidenceItem> Evidence(string json) => JsonSerializer.Deserialize<List<EvidenceItem>>(json, Json) ?? [];

    public static IReadOnlyList<EvidenceItem> Evidence(JsonElement json) => json.Deserialize<List<EvidenceItem>>(Json) ?? [];

    private sealed record Row(Guid Id, string Source, string Title, string ScopeLabel, Guid? OrgUnitId, string Priority, DateOnly DueOn, string Status, int People, DateTime CreatedAt)
    {
        public NeedSummary ToDto() => new(Id, Source, Title, ScopeLabel, OrgUnitId, Priority, DueOn, Status, People, Utc(CreatedAt));
    }

    private sealed class Detail
    {
        public Guid Id { get; init; }

        public string Source { get; init; } = "";

        public string Title { get; init; } = "";

        public Guid? CourseId { get; init; }

        public string? CourseTitle { get; init; }

        public Guid? SkillId { get; init; }

        public string? SkillName { get; init; }

        public Guid? OrgUnitId { get; init; }

        public string ScopeLabel { get; init; } = "";

        public string EvidenceJson { get; init; } = "[]";

        public string Priority { get; init; } = "";

        public DateOnly DueOn { get; init; }

        public string Status { get; init; } = "";

        public Guid? PlanId { get; init; }

        public Guid? MergedInto { get; init; }

        public string? DecisionReason { get; init; }

        public string? DecidedBy { get; init; }

        public DateTime? DecidedAt { get; init; }

        public DateTime CreatedAt { get; init; }

        public int Version { get; init; }
    }
}
