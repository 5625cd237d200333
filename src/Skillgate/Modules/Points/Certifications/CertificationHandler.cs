using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Points.Certifications;

/// <summary>
/// HR keeps the certifications granted at points thresholds; a new or changed rule is granted at once to everyone who already
/// reached it. People see their own certificates, readers those of the people in their scope.
/// </summary>
internal sealed class CertificationHandler(NpgsqlDataSource dataSource, UnitOfWork work, CertificationGrants grants, CurrentUser me, AuditActor actor, TimeProvider clock, Texts t)
{
    private const string Columns =
        """
        c.id, c.number, c.rule_id, r.name, c.employee_id, e.employee_no, e.name AS employee_name, u.name AS org_unit, c.earned, r.min_points, r.months,
        s.name AS skill, r.skill_level, c.issued_on
        """;

    private const string From =
        """
        points.certification c JOIN points.certification_rule r ON r.id = c.rule_id JOIN org.employee_v e ON e.id = c.employee_id
        JOIN org.org_unit_v u ON u.id = c.org_unit_id LEFT JOIN competence.skill_v s ON s.id = r.skill_id
        """;

    public async Task<IReadOnlyList<CertificationRuleDto>> RulesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var rows = await connection.QueryAsync<RuleRow>(new CommandDefinition(
            """
            SELECT r.id, r.code, r.name, r.min_points, r.months, r.skill_id, s.name AS skill, r.skill_level, r.active,
                   (SELECT count(*)::int FROM points.certification c WHERE c.rule_id = r.id) AS holders, r.updated_at, r.updated_by
            FROM points.certification_rule r LEFT JOIN competence.skill_v s ON s.id = r.skill_id
            ORDER BY r.active DESC, r.min_points, r.code
            """, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    public async Task<CertificationRuleDto> SaveRuleAsync(Guid? id, CertificationRuleInput input, CancellationToken ct)
    {
        var code = input.Code?.Trim();
        var name = input.Name?.Trim();
        var v = new Validation()
            .Require("code", code, t["validation.required"]).MaxLength("code", code, 40, t["validation.max_length", 40])
            .Require("name", name, t["validation.required"]).MaxLength("name", name, 100, t["validation.max_length", 100]);
        if (input.MinPoints is not { } min || min is < 1 or > 100_000)
        {
            v.Add("minPoints", t["points.points_range", 1, 100_000]);
        }

        if (input.Months is not { } months || months is < 1 or > 60)
        {
            v.Add("months", t["points.points_range", 1, 60]);
        }

        if ((input.SkillId is null) != (input.SkillLevel is null) || input.SkillLevel is < 1 or > 5)
        {
            v.Add("skillLevel", t["points.certification_skill_level"]);
        }

        v.ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        if (input.SkillId is { } skill && !await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM competence.skill_v WHERE id = @skill AND active AND max_level >= @level)", new { skill, level = input.SkillLevel }, tx.Sql, cancellationToken: ct)))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["skillId"] = [t["points.skill_unknown"]] });
        }

        if (await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM points.certification_rule WHERE lower(code) = lower(@code) AND id IS DISTINCT FROM @id)", new { code, id }, tx.Sql, cancellationToken: ct)))
        {
            throw new RuleViolationException("points_certification_code_taken", t["points.item_code_taken", code!]);
        }

        var args = new { id = id ?? Guid.CreateVersion7(), code, name, input.MinPoints, input.Months, input.SkillId, input.SkillLevel, active = input.Active ?? true, now = clock.GetUtcNow(), by = actor.Current.Name };
        var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
            id is null
                ? """
                  INSERT INTO points.certification_rule (id, code, name, min_points, months, skill_id, skill_level, active, updated_at, updated_by)
                  VALUES (@id, @code, @name, @MinPoints, @Months, @SkillId, @SkillLevel, @active, @now, @by)
                  """
                : """
                  UPDATE points.certification_rule SET code = @code, name = @name, min_points = @MinPoints, months = @Months, skill_id = @SkillId, skill_level = @SkillLevel,
                         active = @active, updated_at = @now, updated_by = @by
                  WHERE id = @id
                  """, args, tx.Sql, cancellationToken: ct));
        if (changed == 0)
        {
            throw new NotFoundException("certification_rule");
        }

        await grants.GrantDueAsync(null, ct);
        await tx.AuditAsync(id is null ? "created" : "updated", "points_certification_rule", args.id, null, args);
        await tx.CommitAsync(ct);
        return (await RulesAsync(ct)).Single(r => r.Id == args.id);
    }

    /// <summary>Active skills for the form's picker.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name, int MaxLevel)>> SkillsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        return (await connection.QueryAsync<(Guid, string, int)>(new CommandDefinition(
            "SELECT id, name, max_level FROM competence.skill_v WHERE active ORDER BY name LIMIT 500", cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<CertificationDto>> MineAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE c.employee_id = @me ORDER BY c.issued_at DESC", new { me = me.EmployeeId ?? Guid.Empty }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    /// <summary>Certificates of people in the caller's scope, newest first, optionally of one rule.</summary>
    public async Task<Page<CertificationDto>> ListAsync(Guid? ruleId, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { ruleId, offset = (page - 1) * pageSize, pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM points.certification c WHERE @ruleId::uuid IS NULL OR c.rule_id = @ruleId", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE @ruleId::uuid IS NULL OR c.rule_id = @ruleId ORDER BY c.issued_at DESC, c.number DESC OFFSET @offset LIMIT @pageSize",
            args, cancellationToken: ct));
        return new Page<CertificationDto>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    /// <summary>One certificate: the holder's own, or one of a person in the caller's scope.</summary>
    public async Task<CertificationDto> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM {From} WHERE c.id = @id", new { id }, cancellationToken: ct));
        return row?.ToDto() ?? throw new NotFoundException("certification");
    }

    private sealed record RuleRow(
        Guid Id, string Code, string Name, int MinPoints, int Months, Guid? SkillId, string? Skill, int? SkillLevel, bool Active, int Holders, DateTime UpdatedAt, string UpdatedBy)
    {
        public CertificationRuleDto ToDto() => new(Id, Code, Name, MinPoints, Months, SkillId, Skill, SkillLevel, Active, Holders, Utc(UpdatedAt), UpdatedBy);
    }

    private sealed record Row(
        Guid Id, string Number, Guid RuleId, string Name, Guid EmployeeId, string EmployeeNo, string EmployeeName, string OrgUnit, int Earned, int MinPoints, int Months,
        string? Skill, int? SkillLevel, DateOnly IssuedOn)
    {
        public CertificationDto ToDto() => new(Id, Number, RuleId, Name, EmployeeId, EmployeeNo, EmployeeName, OrgUnit, Earned, MinPoints, Months, Skill, SkillLevel, IssuedOn);
    }
}
