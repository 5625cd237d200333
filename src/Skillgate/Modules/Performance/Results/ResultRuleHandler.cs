using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Performance.Results;

/// <summary>A KPI's result rules: one active rule per kind; a change retires the old rule and adds a new one, so closed periods keep what they applied.</summary>
internal sealed class ResultRuleHandler(NpgsqlDataSource dataSource, UnitOfWork work, AuditActor actor, TimeProvider clock, Texts t)
{
    public const decimal MaxDelta = 1000m;

    public async Task<IReadOnlyList<ResultRuleDto>> ListAsync(Guid definitionId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT id, definition_id, kind, met_delta, missed_delta, note, active, created_at, created_by FROM kpi.result_rule WHERE definition_id = @definitionId ORDER BY active DESC, created_at DESC",
            new { definitionId }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    public async Task<ResultRuleDto> AddAsync(Guid definitionId, ResultRuleInput input, CancellationToken ct)
    {
        var v = new Validation();
        if (!PerformanceVocabularies.ResultKind.Contains(input.Kind))
        {
            v.Add("kind", t["kpi.choose_one", string.Join(", ", PerformanceVocabularies.ResultKind.Codes.Select(c => t[PerformanceVocabularies.ResultKind, c].Value))]);
        }

        foreach (var (field, value) in new[] { ("metDelta", input.MetDelta), ("missedDelta", input.MissedDelta) })
        {
            if (value is not { } d || Math.Abs(d) > MaxDelta)
            {
                v.Add(field, t["kpi.delta_range", MaxDelta]);
            }
        }

        var note = input.Note?.Trim() ?? "";
        v.MaxLength("note", note, 500, t["validation.max_length", 500]).ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        if (!await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM kpi.definition WHERE id = @definitionId)", new { definitionId }, tx.Sql, cancellationToken: ct)))
        {
            throw new NotFoundException(t["kpi.unknown"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var retired = await tx.Connection.QueryAsync<Guid>(new CommandDefinition(
            "UPDATE kpi.result_rule SET active = false, retired_at = @now WHERE definition_id = @definitionId AND kind = @kind AND active RETURNING id",
            new { definitionId, kind = input.Kind, now }, tx.Sql, cancellationToken: ct));
        var id = Guid.CreateVersion7();
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO kpi.result_rule (id, definition_id, kind, met_delta, missed_delta, note, created_at, created_by)
            VALUES (@id, @definitionId, @Kind, @MetDelta, @MissedDelta, @note, @now, @by)
            """, new { id, definitionId, input.Kind, input.MetDelta, input.MissedDelta, note, now, by = actor.Current.Name }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("created", "kpi_result_rule", id, null, new { definitionId, input.Kind, input.MetDelta, input.MissedDelta, note, retired = retired.ToList() });
        await tx.CommitAsync(ct);
        return (await ListAsync(definitionId, ct)).Single(r => r.Id == id);
    }

    public async Task RetireAsync(Guid ruleId, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE kpi.result_rule SET active = false, retired_at = @now WHERE id = @ruleId AND active", new { ruleId, now = clock.GetUtcNow().UtcDateTime }, tx.Sql, cancellationToken: ct));
        if (changed == 0)
        {
            throw new NotFoundException(t["kpi.rule_unknown"]);
        }

        await tx.AuditAsync("retired", "kpi_result_rule", ruleId, new { active = true }, new { active = false });
        await tx.CommitAsync(ct);
    }

    private sealed record Row(Guid Id, Guid DefinitionId, string Kind, decimal MetDelta, decimal MissedDelta, string Note, bool Active, DateTime CreatedAt, string CreatedBy)
    {
        public ResultRuleDto ToDto() => new(Id, DefinitionId, Kind, MetDelta, MissedDelta, Note, Active, Utc(CreatedAt), CreatedBy);
    }
}
