using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Needs.Rules;

/// <summary>The configuration of the needs analysis: its rules, the mapping tables (defect type, clause, equipment, checklist → course or skill) and planned changes.</summary>
internal sealed class RuleHandler(NpgsqlDataSource dataSource, UnitOfWork work, DataScope scope, TimeProvider clock, Texts t)
{
    public static readonly IReadOnlyList<string> Kinds = ["trend", "control_chart", "audit_clause", "complaint", "self_declared", "planned_change", "check_failures"];

    public static readonly IReadOnlyList<string> MappingKinds = ["defect_type", "clause", "equipment", "checklist"];

    public async Task<IReadOnlyList<RuleDto>> RulesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<RuleDto>(new CommandDefinition(
            "SELECT id, name, kind, period, periods, threshold, min_severity, priority, due_days, active FROM needs.rule ORDER BY created_at, name", cancellationToken: ct))).ToList();
    }

    public async Task<RuleDto> SaveRuleAsync(Guid? id, RuleInput input, CancellationToken ct)
    {
        var v = new Validation().Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 200, t["validation.max_length", 200]);
        Check(v, "kind", input.Kind, Kinds);
        Check(v, "period", input.Period, ["week", "month"]);
        Check(v, "minSeverity", input.MinSeverity, ["minor", "major", "critical"]);
        Check(v, "priority", input.Priority, ["high", "medium", "low"]);
        Range(v, "periods", input.Periods, 1, 24);
        Range(v, "threshold", input.Threshold, 1, 10_000);
        Range(v, "dueDays", input.DueDays, 0, 730);
        v.ThrowIfInvalid();
        var rules = await RulesAsync(ct);
        var before = id is { } existing ? rules.FirstOrDefault(r => r.Id == existing) ?? throw new NotFoundException(t["needs.rule_unknown"]) : null;
        var after = new RuleDto(id ?? Guid.CreateVersion7(), input.Name.Trim(), input.Kind, input.Period, input.Periods, input.Threshold, input.MinSeverity, input.Priority, input.DueDays, input.Active);
        await WriteAsync(before is null ? "created" : "updated", "need_rule", after.Id, before, after, before is null
            ? """
              INSERT INTO needs.rule (id, name, kind, period, periods, threshold, min_severity, priority, due_days, active, created_at)
              VALUES (@Id, @Name, @Kind, @Period, @Periods, @Threshold, @MinSeverity, @Priority, @DueDays, @Active, @now)
              """
            : """
              UPDATE needs.rule SET name = @Name, kind = @Kind, period = @Period, periods = @Periods, threshold = @Threshold, min_severity = @MinSeverity,
                     priority = @Priority, due_days = @DueDays, active = @Active, version = version + 1 WHERE id = @Id
              """, after, ct);
        return after;
    }

    public async Task<IReadOnlyList<MappingDto>> MappingsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<MappingDto>(new CommandDefinition(
            """
            SELECT m.id, m.kind, m.key, m.course_id, c.code || ' ' || c.title AS course_title, m.skill_id, s.name AS skill_name FROM needs.mapping m
            LEFT JOIN learning.course_v c ON c.id = m.course_id LEFT JOIN competence.skill_v s ON s.id = m.skill_id ORDER BY m.kind, m.key
            """, cancellationToken: ct))).ToList();
    }

    public async Task<MappingDto> AddMappingAsync(MappingInput input, CancellationToken ct)
    {
        var key = input.Key?.Trim() ?? "";
        var v = new Validation().Require("key", key, t["validation.required"]).MaxLength("key", key, 100, t["validation.max_length", 100]);
        Check(v, "kind", input.Kind, MappingKinds);
        if (input.CourseId is null && input.SkillId is null)
        {
            v.Add("courseId", t["needs.mapping_target"]);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        if (input.CourseId is { } course && !await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM learning.course_v WHERE id = @course)", new { course }))
        {
            v.Add("courseId", t["learning.course_unknown"]);
        }

        if (input.SkillId is { } skill && !await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM competence.skill_v WHERE id = @skill)", new { skill }))
        {
            v.Add("skillId", t["competence.skill_unknown"]);
        }

        v.ThrowIfInvalid();
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM needs.mapping WHERE kind = @kind AND lower(key) = lower(@key))", new { kind = input.Kind, key }))
        {
            throw new RuleViolationException("mapping_exists", t["needs.mapping_exists", key]);
        }

        var id = Guid.CreateVersion7();
        await WriteAsync("created", "need_mapping", id, null, new { input.Kind, key, input.CourseId, input.SkillId },
            "INSERT INTO needs.mapping (id, kind, key, course_id, skill_id, created_at) VALUES (@id, @Kind, @key, @CourseId, @SkillId, @now)",
            new { id, input.Kind, key, input.CourseId, input.SkillId }, ct);
        return (await MappingsAsync(ct)).Single(m => m.Id == id);
    }

    public async Task RemoveMappingAsync(Guid id, CancellationToken ct)
    {
        var before = (await MappingsAsync(ct)).FirstOrDefault(m => m.Id == id) ?? throw new NotFoundException(t["needs.mapping_unknown"]);
        await WriteAsync("deleted", "need_mapping", id, before, null, "DELETE FROM needs.mapping WHERE id = @id", new { id }, ct);
    }

    public async Task<IReadOnlyList<PlannedChangeDto>> ChangesAsync(CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<PlannedChangeDto>(new CommandDefinition(
            """
            SELECT c.id, c.title, c.equipment, c.org_unit_id, u.name AS org_unit_name, c.go_live_on, c.position_id, p.name AS position_name
            FROM needs.planned_change c JOIN org.org_unit_v u ON u.id = c.org_unit_id LEFT JOIN org.position_v p ON p.id = c.position_id
            WHERE @all OR c.org_unit_id = ANY(@units) ORDER BY c.go_live_on
            """, new { all = filter.All, units = filter.Ids }, cancellationToken: ct))).ToList();
    }

    /// <summary>The active posts a planned change may name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> PositionsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
            "SELECT id, code || ' · ' || name FROM org.position_v WHERE active ORDER BY code", cancellationToken: ct))).ToList();
    }

    public async Task<PlannedChangeDto> AddChangeAsync(PlannedChangeInput input, CancellationToken ct)
    {
        var v = new Validation().Require("title", input.Title, t["validation.required"]).MaxLength("title", input.Title, 200, t["validation.max_length", 200])
            .Require("equipment", input.Equipment, t["validation.required"]).MaxLength("equipment", input.Equipment, 100, t["validation.max_length", 100]);
        if (input.GoLiveOn < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            v.Add("goLiveOn", t["needs.go_live_past"]);
        }

        var filter = await scope.GetAsync(ct);
        await using (var connection = await dataSource.OpenScopedAsync(ct))
        {
            if (!await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM org.org_unit_v WHERE id = @id)", new { id = input.OrgUnitId }))
            {
                v.Add("orgUnitId", t["quality.unit_unknown", input.OrgUnitId]);
            }
            else if (!filter.Covers(input.OrgUnitId))
            {
                v.Add("orgUnitId", t["quality.outside_scope"]);
            }

            if (input.PositionId is { } position && !await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM org.position_v WHERE id = @position AND active)", new { position }))
            {
                v.Add("positionId", t["needs.position_unknown"]);
            }
        }

        v.ThrowIfInvalid();
        var id = Guid.CreateVersion7();
        await WriteAsync("created", "planned_change", id, null, input,
            "INSERT INTO needs.planned_change (id, title, equipment, org_unit_id, position_id, go_live_on, created_at) VALUES (@id, @Title, @Equipment, @OrgUnitId, @PositionId, @GoLiveOn::date, @now)",
            new { id, Title = input.Title.Trim(), Equipment = input.Equipment.Trim(), input.OrgUnitId, input.PositionId, GoLiveOn = input.GoLiveOn.ToDateTime(TimeOnly.MinValue) }, ct);
        return (await ChangesAsync(ct)).Single(c => c.Id == id);
    }

    private async Task WriteAsync(string action, string entity, Guid id, object? before, object? after, string sql, object args, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var parameters = new DynamicParameters(args);
        parameters.Add("now", now);
        await connection.ExecuteAsync(sql, parameters, tx.Sql);
        await tx.AuditAsync(action, entity, id, before, after);
        await tx.CommitAsync(ct);
    }

    private void Check(Validation v, string field, string? value, IReadOnlyList<string> allowed)
    {
        if (value is null || !allowed.Contains(value))
        {
            v.Add(field, t["quality.one_of", string.Join(", ", allowed)]);
        }
    }

    private void Range(Validation v, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            v.Add(field, t["quality.between", min, max]);
        }
    }
}
