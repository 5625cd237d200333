using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Points.Rules;

/// <summary>
/// The earning rules. Every code has a default rule (the article's values, from migration 0030) that cannot be removed; HR
/// adds rules for an org unit, a position or both, which win over the default for the people they cover. A change applies to
/// awards from then on; what the ledger already paid stays as it was.
/// </summary>
internal sealed class RuleHandler(NpgsqlDataSource dataSource, UnitOfWork work, AuditActor actor, TimeProvider clock, Texts t)
{
    public static readonly string[] Codes = ["class_hours", "exam", "interaction", "note", "practical", "skill_applied"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<PointsRuleDto>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT r.id, r.code, r.org_unit_id, u.name AS org_unit, r.position_id, p.name AS position, r.points, r.min_points, r.max_points, r.tiers::text AS tiers,
                   r.daily_cap, r.monthly_cap, r.session_cap, r.active, r.updated_at, r.updated_by
            FROM points.rule r LEFT JOIN org.org_unit_v u ON u.id = r.org_unit_id LEFT JOIN org.position_v p ON p.id = r.position_id
            ORDER BY r.code, r.org_unit_id IS NOT NULL, r.position_id IS NOT NULL, u.name, p.name
            """, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    /// <summary>The active units (with their depth, for an indented picker) and positions a rule can be set for.</summary>
    public async Task<(IReadOnlyList<(Guid Id, string Name, int Depth)> Units, IReadOnlyList<(Guid Id, string Name)> Positions)> OptionsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var units = await connection.QueryAsync<(Guid, string, int)>(new CommandDefinition(
            "SELECT id, name, depth FROM org.org_unit_v WHERE active ORDER BY depth, sort, name", cancellationToken: ct));
        var positions = await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
            "SELECT id, name FROM org.position_v WHERE active ORDER BY name, code", cancellationToken: ct));
        return (units.ToList(), positions.ToList());
    }

    public async Task<PointsRuleDto> SaveAsync(PointsRuleInput input, CancellationToken ct)
    {
        var rule = Validate(input);
        await using var tx = await work.BeginAsync(ct);
        var v = new Validation();
        if (input.OrgUnitId is { } unit && !await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM org.org_unit_v WHERE id = @unit AND active)", new { unit }, tx.Sql, cancellationToken: ct)))
        {
            v.Add("orgUnitId", t["points.unit_unknown"]);
        }

        if (input.PositionId is { } position && !await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM org.position_v WHERE id = @position AND active)", new { position }, tx.Sql, cancellationToken: ct)))
        {
            v.Add("positionId", t["points.position_unknown"]);
        }

        v.ThrowIfInvalid();
        var before = await tx.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT id, code, org_unit_id, NULL AS org_unit, position_id, NULL AS position, points, min_points, max_points, tiers::text AS tiers, daily_cap, monthly_cap,
                   session_cap, active, updated_at, updated_by
            FROM points.rule WHERE code = @Code AND org_unit_id IS NOT DISTINCT FROM @OrgUnitId AND position_id IS NOT DISTINCT FROM @PositionId FOR UPDATE
            """, new { rule.Code, input.OrgUnitId, input.PositionId }, tx.Sql, cancellationToken: ct));
        var id = before?.Id ?? Guid.CreateVersion7();
        var args = new
        {
            id, rule.Code, input.OrgUnitId, input.PositionId, rule.Points, rule.MinPoints, rule.MaxPoints, tiers = rule.Tiers is null ? null : JsonSerializer.Serialize(rule.Tiers, Json),
            rule.DailyCap, rule.MonthlyCap, rule.SessionCap, active = input.Active ?? true, now = clock.GetUtcNow(), by = actor.Current.Name,
        };
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            before is null
                ? """
                  INSERT INTO points.rule (id, code, org_unit_id, position_id, points, min_points, max_points, tiers, daily_cap, monthly_cap, session_cap, active, updated_at, updated_by)
                  VALUES (@id, @Code, @OrgUnitId, @PositionId, @Points, @MinPoints, @MaxPoints, @tiers::jsonb, @DailyCap, @MonthlyCap, @SessionCap, @active, @now, @by)
                  """
                : """
                  UPDATE points.rule SET points = @Points, min_points = @MinPoints, max_points = @MaxPoints, tiers = @tiers::jsonb, daily_cap = @DailyCap,
                         monthly_cap = @MonthlyCap, session_cap = @SessionCap, active = @active, updated_at = @now, updated_by = @by
                  WHERE id = @id
                  """, args, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync(before is null ? "created" : "updated", "points_rule", id, before?.ToDto(), args);
        await tx.CommitAsync(ct);
        return (await ListAsync(ct)).Single(r => r.Id == id);
    }

    /// <summary>Removes a rule for a unit or position (its people fall back to the next rule); a default rule stays.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var before = await tx.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT id, code, org_unit_id, NULL AS org_unit, position_id, NULL AS position, points, min_points, max_points, tiers::text AS tiers, daily_cap, monthly_cap,
                   session_cap, active, updated_at, updated_by
            FROM points.rule WHERE id = @id FOR UPDATE
            """, new { id }, tx.Sql, cancellationToken: ct)) ?? throw new NotFoundException(t["points.rule_unknown"]);
        if (before.OrgUnitId is null && before.PositionId is null)
        {
            throw new RuleViolationException("points_default_rule", t["points.default_rule_stays"]);
        }

        await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM points.rule WHERE id = @id", new { id }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("deleted", "points_rule", id, before.ToDto(), null);
        await tx.CommitAsync(ct);
    }

    private sealed record Checked(string Code, int Points, int MinPoints, int MaxPoints, IReadOnlyList<ExamTier>? Tiers, int? DailyCap, int? MonthlyCap, int? SessionCap);

    private Checked Validate(PointsRuleInput input)
    {
        var v = new Validation();
        if (input.Code is null || !Codes.Contains(input.Code, StringComparer.Ordinal))
        {
            v.Add("code", t["points.choose_one", string.Join(", ", Codes.Select(c => t[PointsVocabularies.Rule, c].Value))]);
            v.ThrowIfInvalid();
        }

        foreach (var (field, value) in new[] { ("dailyCap", input.DailyCap), ("monthlyCap", input.MonthlyCap), ("sessionCap", input.SessionCap) })
        {
            if (value is { } c && c is < 1 or > 100_000)
            {
                v.Add(field, t["points.cap_range", 1, 100_000]);
            }
        }

        if (input.Code == "exam")
        {
            var tiers = input.Tiers ?? [];
            if (tiers.Count is < 1 or > 10 || tiers.Any(x => x.Min is < 0 or > 100 || x.Points is < 0 or > 10_000) || tiers.Select(x => x.Min).Distinct().Count() != tiers.Count)
            {
                v.Add("tiers", t["points.tiers_invalid"]);
            }

            v.ThrowIfInvalid();
            var ordered = tiers.OrderByDescending(x => x.Min).ToList();
            var top = ordered.Max(x => x.Points);
            return new Checked("exam", top, 0, top, ordered, input.DailyCap, input.MonthlyCap, input.SessionCap);
        }

        if (input.Points is not { } points || points is < 0 or > 10_000)
        {
            v.Add("points", t["points.points_range", 0, 10_000]);
        }

        var min = input.MinPoints ?? input.Points ?? 0;
        var max = input.MaxPoints ?? input.Points ?? 0;
        if (min < 0 || max > 10_000 || min > (input.Points ?? 0) || (input.Points ?? 0) > max)
        {
            v.Add("minPoints", t["points.range_order"]);
        }

        v.ThrowIfInvalid();
        return new Checked(input.Code!, input.Points!.Value, min, max, null, input.DailyCap, input.MonthlyCap, input.SessionCap);
    }

    private sealed record Row(
        Guid Id, string Code, Guid? OrgUnitId, string? OrgUnit, Guid? PositionId, string? Position, int Points, int MinPoints, int MaxPoints, string? Tiers,
        int? DailyCap, int? MonthlyCap, int? SessionCap, bool Active, DateTime UpdatedAt, string UpdatedBy)
    {
        public PointsRuleDto ToDto() => new(
            Id, Code, Category(Code), OrgUnitId, OrgUnit, PositionId, Position, Points, MinPoints, MaxPoints,
            Tiers is null ? null : JsonSerializer.Deserialize<List<ExamTier>>(Tiers, Json), DailyCap, MonthlyCap, SessionCap, Active, Utc(UpdatedAt), UpdatedBy);
    }

    public static string Category(string code) => code switch
    {
        "exam" or "practical" => "results",
        "skill_applied" => "growth",
        _ => "participation",
    };
}
