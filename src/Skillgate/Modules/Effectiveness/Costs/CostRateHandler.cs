using Dapper;
using Npgsql;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Effectiveness.Costs;

/// <summary>The rates cost vs saving uses: labour and instructor hours (default, per org unit or position) and defects (default or per type).</summary>
internal sealed class CostRateHandler(NpgsqlDataSource dataSource, UnitOfWork work, AuditActor actor, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<CostRateDto>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT r.id, r.kind, r.org_unit_id, u.name AS org_unit_name, r.position_id, p.name AS position_name, r.defect_type, r.amount, r.updated_by, r.updated_at
            FROM effectiveness.cost_rate r LEFT JOIN org.org_unit_v u ON u.id = r.org_unit_id LEFT JOIN org.position_v p ON p.id = r.position_id
            ORDER BY r.kind, r.org_unit_id IS NOT NULL, r.position_id IS NOT NULL, r.defect_type NULLS FIRST, u.name, p.name
            """, cancellationToken: ct))).Select(r => new CostRateDto(
                r.Id, r.Kind, r.OrgUnitId, r.OrgUnitName, r.PositionId, r.PositionName, r.DefectType, r.Amount, r.UpdatedBy, DbTime.Utc(r.UpdatedAt))).ToList();
    }

    /// <summary>Sets the rate for its kind and target (org unit, position or defect type; none = the default), replacing the one there.</summary>
    public async Task<CostRateDto> SetAsync(CostRateInput input, CancellationToken ct)
    {
        var v = new Validation();
        if (!EffectivenessVocabularies.CostKind.Contains(input.Kind))
        {
            v.Add("kind", t["effect.bad_cost_kind"]);
        }

        if (input.Amount < 0 || input.Amount > 10_000_000)
        {
            v.Add("amount", t["effect.bad_number", 0, 10_000_000]);
        }

        if (input.Kind == "defect" && (input.OrgUnitId is not null || input.PositionId is not null))
        {
            v.Add("kind", t["effect.defect_rate_target"]);
        }

        if (input.Kind != "defect" && !string.IsNullOrWhiteSpace(input.DefectType))
        {
            v.Add("defectType", t["effect.defect_type_only"]);
        }

        if (input.OrgUnitId is not null && input.PositionId is not null)
        {
            v.Add("positionId", t["effect.one_target"]);
        }

        v.MaxLength("defectType", input.DefectType, 100, t["validation.max_length", 100]);
        v.ThrowIfInvalid();
        var defectType = string.IsNullOrWhiteSpace(input.DefectType) ? null : input.DefectType.Trim();
        await using var tx = await work.BeginAsync(ct);
        if (input.OrgUnitId is { } unit && !await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM org.org_unit_v WHERE id = @unit)", new { unit }, tx.Sql, cancellationToken: ct)))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["orgUnitId"] = [t["effect.unknown_unit"]] });
        }

        if (input.PositionId is { } position && !await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM org.position_v WHERE id = @position)", new { position }, tx.Sql, cancellationToken: ct)))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["positionId"] = [t["effect.unknown_position"]] });
        }

        var args = new { kind = input.Kind, unit = input.OrgUnitId, position = input.PositionId, defectType, amount = input.Amount, by = actor.Current.Name, at = clock.GetUtcNow() };
        var before = await tx.Connection.QuerySingleOrDefaultAsync<(Guid Id, decimal Amount)?>(new CommandDefinition(
            """
            SELECT id, amount FROM effectiveness.cost_rate WHERE kind = @kind AND org_unit_id IS NOT DISTINCT FROM @unit
              AND position_id IS NOT DISTINCT FROM @position AND defect_type IS NOT DISTINCT FROM @defectType
            """, args, tx.Sql, cancellationToken: ct));
        var id = before?.Id ?? Guid.CreateVersion7();
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            before is null
                ? """
                  INSERT INTO effectiveness.cost_rate (id, kind, org_unit_id, position_id, defect_type, amount, updated_by, updated_at)
                  VALUES (@id, @kind, @unit, @position, @defectType, @amount, @by, @at)
                  """
                : "UPDATE effectiveness.cost_rate SET amount = @amount, updated_by = @by, updated_at = @at, version = version + 1 WHERE id = @id",
            new { id, args.kind, args.unit, args.position, args.defectType, args.amount, args.by, args.at }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync(before is null ? "created" : "updated", "effectiveness.cost_rate", id, before is { } b ? new { amount = b.Amount } : null,
            new { input.Kind, input.OrgUnitId, input.PositionId, defectType, input.Amount });
        await tx.CommitAsync(ct);
        return (await ListAsync(ct)).Single(r => r.Id == id);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var before = await tx.Connection.QuerySingleOrDefaultAsync<(string Kind, decimal Amount)?>(new CommandDefinition(
            "SELECT kind, amount FROM effectiveness.cost_rate WHERE id = @id", new { id }, tx.Sql, cancellationToken: ct)) ?? throw new NotFoundException(t["effect.unknown_rate"]);
        await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM effectiveness.cost_rate WHERE id = @id", new { id }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("deleted", "effectiveness.cost_rate", id, new { before.Kind, before.Amount }, null);
        await tx.CommitAsync(ct);
    }

    private sealed record Row(Guid Id, string Kind, Guid? OrgUnitId, string? OrgUnitName, Guid? PositionId, string? PositionName, string? DefectType, decimal Amount, string UpdatedBy, DateTime UpdatedAt);
}
