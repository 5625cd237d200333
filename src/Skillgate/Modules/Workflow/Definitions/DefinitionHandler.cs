using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow.Definitions;

/// <summary>
/// Workflow definitions: the list, one definition with its versions, the draft being edited, publishing it (the previous version
/// retires; running instances keep theirs), and the RACI table of a version.
/// </summary>
internal sealed class DefinitionHandler(NpgsqlDataSource dataSource, UnitOfWork work, AuditActor actor, TimeProvider clock, Texts t)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<DefinitionSummary>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<DefinitionSummary>(new CommandDefinition(
            """
            SELECT d.id, d.code, d.name_zh, d.name_en, d.active,
                   (SELECT v.number FROM workflow.definition_version v WHERE v.definition_id = d.id AND v.status = 'published') AS published_version,
                   EXISTS (SELECT 1 FROM workflow.definition_version v WHERE v.definition_id = d.id AND v.status = 'draft') AS has_draft,
                   (SELECT count(*)::int FROM workflow.instance i WHERE i.definition_id = d.id AND i.status = 'open') AS open_instances
            FROM workflow.definition d ORDER BY d.code
            """, cancellationToken: ct));
        return rows.ToList();
    }

    public async Task<DefinitionDto> GetAsync(string code, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var d = await FindAsync(connection, null, code, ct);
        var versions = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            "SELECT id, number, status, steps::text AS steps, created_by, created_at, published_by, published_at FROM workflow.definition_version WHERE definition_id = @id ORDER BY number DESC",
            new { id = d.Id }, cancellationToken: ct));
        return new DefinitionDto(d.Id, d.Code, d.NameZh, d.NameEn, d.Active, versions.Select(v => v.ToDto()).ToList());
    }

    public async Task<DefinitionDto> CreateAsync(NewDefinitionInput input, CancellationToken ct)
    {
        var v = new Validation();
        if (input.Code is null || !System.Text.RegularExpressions.Regex.IsMatch(input.Code, "^[A-Za-z][A-Za-z0-9-]{1,19}$"))
        {
            v.Add("code", t["workflow.code_format"]);
        }

        v.Require("nameZh", input.NameZh, t["validation.required"]).MaxLength("nameZh", input.NameZh, 200, t["validation.max_length", 200]);
        v.Require("nameEn", input.NameEn, t["validation.required"]).MaxLength("nameEn", input.NameEn, 200, t["validation.max_length", 200]);
        v.ThrowIfInvalid();
        var code = input.Code!.ToUpperInvariant();
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        StepDef[] steps =
        [
            new("submit", "提交", "Submit", Roles.HR, "hr", null, "working", [], [new("description", "说明", "Description", "textarea", true, [])], false, ["approve"], [], null, [], []),
        ];
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var added = await connection.ExecuteAsync(
            "INSERT INTO workflow.definition (id, code, name_zh, name_en, created_at) VALUES (@id, @code, @zh, @en, @now) ON CONFLICT DO NOTHING",
            new { id, code, zh = input.NameZh!.Trim(), en = input.NameEn!.Trim(), now }, tx.Sql);
        if (added == 0)
        {
            throw new RuleViolationException("definition_exists", t["workflow.definition_exists", code]);
        }

        await InsertVersionAsync(connection, tx.Sql, id, 1, steps, now, ct);
        await tx.AuditAsync("created", "workflow_definition", id, null, new { code, input.NameZh, input.NameEn });
        await tx.CommitAsync(ct);
        return await GetAsync(code, ct);
    }

    /// <summary>Saves the draft's steps (a new draft after the newest version when there is none).</summary>
    public async Task<DefinitionDto> SaveDraftAsync(string code, DraftInput input, CancellationToken ct)
    {
        var (connection, _) = await work.SqlAsync(ct);
        var functions = (await connection.QueryAsync<string>(new CommandDefinition("SELECT code FROM org.function_tag_v", cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var steps = StepRules.Normalize(input.Steps);
        StepRules.Check(input.Steps is null ? null : steps, functions, t);
        await using var tx = await work.BeginAsync(ct);
        var d = await FindAsync(connection, tx.Sql, code, ct, forUpdate: true);
        var now = clock.GetUtcNow().UtcDateTime;
        var draft = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Steps)?>(
            "SELECT id, steps::text FROM workflow.definition_version WHERE definition_id = @id AND status = 'draft'", new { id = d.Id }, tx.Sql);
        var json = JsonSerializer.Serialize(steps, Json);
        if (draft is { } existing)
        {
            await connection.ExecuteAsync("UPDATE workflow.definition_version SET steps = @json::jsonb, created_by = @by, created_at = @now WHERE id = @id",
                new { json, by = actor.Current.Name, now, id = existing.Id }, tx.Sql);
        }
        else
        {
            var next = await connection.ExecuteScalarAsync<int>("SELECT coalesce(max(number), 0) + 1 FROM workflow.definition_version WHERE definition_id = @id", new { id = d.Id }, tx.Sql);
            await InsertVersionAsync(connection, tx.Sql, d.Id, next, steps, now, ct);
        }

        await tx.AuditAsync("draft_saved", "workflow_definition", d.Id, null, new { steps = steps.Select(s => s.Key) });
        await tx.CommitAsync(ct);
        return await GetAsync(code, ct);
    }

    /// <summary>Publishes the draft: new instances use it, the previous published version retires, running instances keep theirs.</summary>
    public async Task<DefinitionDto> PublishAsync(string code, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var d = await FindAsync(connection, tx.Sql, code, ct, forUpdate: true);
        var now = clock.GetUtcNow().UtcDateTime;
        var draft = await connection.QuerySingleOrDefaultAsync<(Guid Id, int Number)?>(
            "SELECT id, number FROM workflow.definition_version WHERE definition_id = @id AND status = 'draft'", new { id = d.Id }, tx.Sql)
            ?? throw new RuleViolationException("no_draft", t["workflow.no_draft"]);
        await connection.ExecuteAsync("UPDATE workflow.definition_version SET status = 'retired' WHERE definition_id = @id AND status = 'published'", new { id = d.Id }, tx.Sql);
        await connection.ExecuteAsync("UPDATE workflow.definition_version SET status = 'published', published_by = @by, published_at = @now WHERE id = @vid",
            new { by = actor.Current.Name, now, vid = draft.Id }, tx.Sql);
        await connection.ExecuteAsync("UPDATE workflow.definition SET version = version + 1 WHERE id = @id", new { id = d.Id }, tx.Sql);
        await tx.AuditAsync("published", "workflow_definition", d.Id, null, new { version = draft.Number });
        await tx.CommitAsync(ct);
        return await GetAsync(code, ct);
    }

    /// <summary>The RACI table of the published version (or the newest one): accountable is the director of the responsible function.</summary>
    public async Task<IReadOnlyList<RaciRow>> RaciAsync(string code, CancellationToken ct)
    {
        var d = await GetAsync(code, ct);
        var version = d.Versions.FirstOrDefault(v => v.Status == "published") ?? d.Versions[0];
        var names = await FunctionNamesAsync(ct);
        string Name(string f) => names.TryGetValue(f, out var n) ? n : f;
        return version.Steps.Select(s => new RaciRow(
            s.Key, StepName(s), s.Role, Name(s.Function), t["workflow.director_of", Name(s.Function)], s.Consulted.Select(Name).ToList(), s.Informed.Select(Name).ToList())).ToList();
    }

    public async Task<IReadOnlyDictionary<string, string>> FunctionNamesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(string Code, string Zh, string En)>(new CommandDefinition(
            "SELECT code, name_zh, name_en FROM org.function_tag_v ORDER BY sort, code", cancellationToken: ct));
        return rows.ToDictionary(r => r.Code, r => Texts.IsChinese ? r.Zh : r.En, StringComparer.Ordinal);
    }

    public static string StepName(StepDef s) => Texts.IsChinese ? s.NameZh : s.NameEn;

    public static IReadOnlyList<StepDef> Parse(string json) => StepRules.Normalize(JsonSerializer.Deserialize<List<StepDef>>(json, Json));

    private async Task<DefinitionRow> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string code, CancellationToken ct, bool forUpdate = false) =>
        await connection.QuerySingleOrDefaultAsync<DefinitionRow>(new CommandDefinition(
            "SELECT id, code, name_zh, name_en, active FROM workflow.definition WHERE lower(code) = lower(@code)" + (forUpdate ? " FOR UPDATE" : ""), new { code }, tx, cancellationToken: ct))
        ?? throw new NotFoundException(t["workflow.definition_unknown"]);

    private async Task InsertVersionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid definitionId, int number, IReadOnlyList<StepDef> steps, DateTime now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO workflow.definition_version (id, definition_id, number, status, steps, created_by, created_at)
            VALUES (@id, @definitionId, @number, 'draft', @json::jsonb, @by, @now)
            """,
            new { id = Guid.CreateVersion7(), definitionId, number, json = JsonSerializer.Serialize(steps, Json), by = actor.Current.Name, now }, tx, cancellationToken: ct));

    private sealed record DefinitionRow(Guid Id, string Code, string NameZh, string NameEn, bool Active);

    private sealed record VersionRow(Guid Id, int Number, string Status, string Steps, string CreatedBy, DateTime CreatedAt, string? PublishedBy, DateTime? PublishedAt)
    {
        public DefinitionVersionDto ToDto() => new(
            Id, Number, Status, Parse(Steps), CreatedBy, new DateTimeOffset(CreatedAt, TimeSpan.Zero), PublishedBy,
            PublishedAt is { } p ? new DateTimeOffset(p, TimeSpan.Zero) : null);
    }
}
