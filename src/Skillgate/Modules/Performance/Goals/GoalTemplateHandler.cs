using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Goals;

/// <summary>
/// Goal templates by function and position: applied under a goal, one statement gives every matching org unit (holding the
/// function) or person (in the position, or in a unit holding the function) below the goal's subject their own child goal.
/// </summary>
internal sealed class GoalTemplateHandler(NpgsqlDataSource dataSource, UnitOfWork work, AuditActor actor, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<GoalTemplateDto>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT g.id, g.code, g.name_zh, g.name_en, g.definition_id, d.code AS definition_code, g.level, g.function_code, g.position_id, p.name AS position_name, g.target, g.weight
            FROM kpi.goal_template g JOIN kpi.definition d ON d.id = g.definition_id LEFT JOIN org.position_v p ON p.id = g.position_id ORDER BY g.code
            """, cancellationToken: ct));
        return rows.Select(r => new GoalTemplateDto(
            r.Id, r.Code, DefinitionHandler.NameIn(r.NameZh, r.NameEn), r.DefinitionId, r.DefinitionCode, r.Level, r.FunctionCode, r.PositionId, r.PositionName, r.Target, r.Weight)).ToList();
    }

    /// <summary>The posts a template can match, with their unit.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> PositionsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
            "SELECT p.id, u.name || ' · ' || p.name FROM org.position_v p JOIN org.org_unit_v u ON u.id = p.org_unit_id WHERE p.active ORDER BY u.name, p.name LIMIT 500",
            cancellationToken: ct))).ToList();
    }

    public async Task<GoalTemplateDto> CreateAsync(GoalTemplateInput input, CancellationToken ct)
    {
        var v = new Validation();
        var code = input.Code?.Trim() ?? "";
        var nameZh = input.NameZh?.Trim() ?? "";
        var nameEn = input.NameEn?.Trim() ?? "";
        v.Require("code", code, t["kpi.code_required"]).MaxLength("code", code, 40, t["validation.max_length", 40]).Code("code", code, t["kpi.code_format"]);
        v.Require("nameZh", nameZh, t["kpi.name_required"]).MaxLength("nameZh", nameZh, 200, t["validation.max_length", 200]);
        v.Require("nameEn", nameEn, t["kpi.name_required"]).MaxLength("nameEn", nameEn, 200, t["validation.max_length", 200]);
        var function = string.IsNullOrWhiteSpace(input.FunctionCode) ? null : input.FunctionCode.Trim();
        if (input.Level is not ("org_unit" or "person"))
        {
            v.Add("level", t["kpi.choose_one", $"{t[PerformanceVocabularies.Level, "org_unit"]}, {t[PerformanceVocabularies.Level, "person"]}"]);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var level = input.DefinitionId is { } definitionId
            ? await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT level FROM kpi.definition_version WHERE definition_id = @definitionId ORDER BY effective_from DESC LIMIT 1", new { definitionId }, cancellationToken: ct))
            : null;
        if (level is null)
        {
            v.Add("definitionId", t["kpi.unknown"]);
        }
        else if (level != input.Level)
        {
            v.Add("definitionId", t["goal.level_mismatch", t[PerformanceVocabularies.Level, level]]);
        }

        if (function is null && input.PositionId is null)
        {
            v.Add("functionCode", t["goal.template_needs_match"]);
        }

        if (function is not null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM org.function_tag_v WHERE code = @function)", new { function }, cancellationToken: ct)))
        {
            v.Add("functionCode", t["kpi.function_unknown"]);
        }

        if (input.PositionId is { } position && (input.Level != "person" || !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM org.position_v WHERE id = @position)", new { position }, cancellationToken: ct))))
        {
            v.Add("positionId", t["goal.position_unknown"]);
        }

        if (input.Target is not { } target || target < 0)
        {
            v.Add("target", t["goal.target_required"]);
        }

        if (input.Weight is not { } weight || weight <= 0 || weight > GoalHandler.MaxWeight)
        {
            v.Add("weight", t["goal.weight_range", GoalHandler.MaxWeight.ToString(CultureInfo.InvariantCulture)]);
        }

        v.ThrowIfInvalid();
        var id = Guid.CreateVersion7();
        await using var tx = await work.BeginAsync(ct);
        var inserted = await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO kpi.goal_template (id, code, name_zh, name_en, definition_id, level, function_code, position_id, target, weight, created_at, created_by)
            VALUES (@id, @code, @nameZh, @nameEn, @DefinitionId, @Level, @function, @PositionId, @Target, @Weight, @now, @by) ON CONFLICT DO NOTHING
            """,
            new { id, code, nameZh, nameEn, input.DefinitionId, input.Level, function, input.PositionId, input.Target, input.Weight, now = clock.GetUtcNow().UtcDateTime, by = actor.Current.Name },
            tx.Sql, cancellationToken: ct));
        if (inserted == 0)
        {
            throw new RuleViolationException("goal_template_code_taken", t["kpi.code_taken", code]);
        }

        await tx.AuditAsync("created", "kpi_goal_template", id, null, new { code, input.DefinitionId, input.Level, function, input.PositionId, input.Target, input.Weight });
        await tx.CommitAsync(ct);
        return (await ListAsync(ct)).Single(x => x.Id == id);
    }

    /// <summary>Gives every matching subject below the parent goal's subject its own goal, in one statement; subjects that already have one are left as they are.</summary>
    public async Task<ApplyTemplateResult> ApplyAsync(Guid parentId, ApplyTemplateInput input, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var parent = await connection.QuerySingleOrDefaultAsync<(string SubjectKind, Guid SubjectId, DateTime StartsOn, DateTime DueOn, Guid? OwnerId)?>(new CommandDefinition(
            "SELECT subject_kind, subject_id, starts_on::timestamp, due_on::timestamp, owner_id FROM kpi.goal WHERE id = @parentId FOR UPDATE", new { parentId }, tx.Sql, cancellationToken: ct))
            ?? throw new NotFoundException(t["goal.unknown"]);
        var template = input.TemplateId is { } templateId
            ? await connection.QuerySingleOrDefaultAsync<(Guid Id, string Code, string NameZh, string NameEn, string Level)?>(new CommandDefinition(
                "SELECT id, code, name_zh, name_en, level FROM kpi.goal_template WHERE id = @templateId", new { templateId }, tx.Sql, cancellationToken: ct))
            : null;
        if (template is null)
        {
            new Validation().Add("templateId", t["goal.template_unknown"]).ThrowIfInvalid();
        }

        if (parent.SubjectKind is "position" or "person")
        {
            throw new RuleViolationException("goal_parent_not_unit", t["goal.parent_not_unit"]);
        }

        // Units below the parent's unit (everything for a company goal); people are those the organisation lists as active.
        var created = await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH template AS (SELECT * FROM kpi.goal_template WHERE id = @templateId),
            units AS (SELECT u.id, u.functions FROM org.org_unit_v u WHERE u.active AND (@company OR org.unit_within(u.id, @root))),
            subjects AS (
                SELECT u.id AS subject_id, u.id AS unit_id FROM units u, template t WHERE t.level = 'org_unit' AND t.function_code = ANY(u.functions)
                UNION
                SELECT e.id, e.org_unit_id FROM org.employee_v e JOIN units u ON u.id = e.org_unit_id, template t
                WHERE t.level = 'person' AND e.status = 'active'
                  AND (t.position_id IS NULL OR e.position_id = t.position_id) AND (t.function_code IS NULL OR t.function_code = ANY(u.functions)))
            INSERT INTO kpi.goal (id, parent_id, title, definition_id, subject_kind, subject_id, target, weight, starts_on, due_on, owner_id, template_id, created_at, created_by)
            SELECT gen_random_uuid(), @parentId, CASE WHEN @chinese THEN t.name_zh ELSE t.name_en END, t.definition_id, t.level, s.subject_id, t.target, t.weight,
                   @starts::date, @due::date, CASE WHEN t.level = 'person' THEN s.subject_id END, t.id, @now, @by
            FROM subjects s, template t
            ON CONFLICT (parent_id, template_id, subject_id) WHERE template_id IS NOT NULL DO NOTHING
            """,
            new
            {
                templateId = template!.Value.Id, parentId, company = parent.SubjectKind == "company", root = parent.SubjectId, starts = parent.StartsOn, due = parent.DueOn,
                chinese = Texts.IsChinese, now = clock.GetUtcNow().UtcDateTime, by = actor.Current.Name,
            }, tx.Sql, commandTimeout: 0, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM kpi.goal WHERE parent_id = @parentId AND template_id = @templateId", new { parentId, templateId = template.Value.Id }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("template_applied", "kpi_goal", parentId, null, new { template = template.Value.Code, created });
        await tx.CommitAsync(ct);
        return new ApplyTemplateResult(parentId, template.Value.Id, created, total - created);
    }

    private sealed record Row(
        Guid Id, string Code, string NameZh, string NameEn, Guid DefinitionId, string DefinitionCode, string Level, string? FunctionCode, Guid? PositionId, string? PositionName,
        decimal Target, decimal Weight);
}
