using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Metrics;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Performance.Periods;

/// <summary>
/// Scoring periods: open one, compute its scores (again and again while it is open), close it with HR's signature — which
/// fixes the moment its data is read as of, the organisation it is summed over and its scores — and reproduce a closed one.
/// </summary>
internal sealed class PeriodHandler(NpgsqlDataSource dataSource, UnitOfWork work, PlatformDb db, ESignatureService signatures, AuditActor actor, TimeProvider clock, Texts t)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Page<KpiPeriodDto>> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM kpi.period", cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} ORDER BY p.starts_on DESC, p.kind OFFSET @offset LIMIT @pageSize", new { offset = (page - 1) * pageSize, pageSize }, cancellationToken: ct));
        return new Page<KpiPeriodDto>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    public async Task<KpiPeriodDto> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE p.id = @id", new { id }, cancellationToken: ct));
        return row?.ToDto() ?? throw new NotFoundException(t["kpi.period_unknown"]);
    }

    public async Task<KpiPeriodDto> CreateAsync(KpiPeriodInput input, CancellationToken ct)
    {
        var v = new Validation();
        if (!PerformanceVocabularies.Period.Contains(input.Kind))
        {
            v.Add("kind", t["kpi.choose_one", string.Join(", ", PerformanceVocabularies.Period.Codes.Select(c => t[PerformanceVocabularies.Period, c].Value))]);
        }
        else if (input.StartsOn is not { } start || !PeriodCalendar.IsStart(input.Kind!, start))
        {
            v.Add("startsOn", t["kpi.period_start", t[PerformanceVocabularies.Period, input.Kind!]]);
        }

        v.ThrowIfInvalid();
        var kind = input.Kind!;
        var startsOn = input.StartsOn!.Value;
        var id = Guid.CreateVersion7();
        await using var tx = await work.BeginAsync(ct);
        var inserted = await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO kpi.period (id, kind, starts_on, ends_on, status, created_at) VALUES (@id, @kind, @startsOn::date, @endsOn::date, 'open', @now)
            ON CONFLICT (kind, starts_on) DO NOTHING
            """,
            new { id, kind, startsOn = startsOn.ToDateTime(TimeOnly.MinValue), endsOn = PeriodCalendar.End(kind, startsOn).ToDateTime(TimeOnly.MinValue), now = clock.GetUtcNow().UtcDateTime },
            tx.Sql, cancellationToken: ct));
        if (inserted == 0)
        {
            throw new RuleViolationException("kpi_period_exists", t["kpi.period_exists", PeriodCalendar.Label(kind, startsOn)]);
        }

        await tx.AuditAsync("created", "kpi_period", id, null, new { kind, startsOn });
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Computes an open period's scores from the data as recorded now, replacing the previous computation.</summary>
    public async Task<KpiComputeResult> ComputeAsync(Guid id, CancellationToken ct)
    {
        var period = await OpenPeriodAsync(id, ct);
        var watch = Stopwatch.StartNew();
        await using var tx = await work.BeginAsync(ct);
        await SeeEverythingAsync(tx, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var computation = await ScoreCalculator.ComputeAsync(tx.Connection, tx.Sql, period.Kind, period.StartsOn, period.EndsOn, now, null, ct);
        await WriteScoresAsync(tx, id, computation.Scores, ct);
        var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE kpi.period SET computed_at = @now, as_of = @now, version = version + 1 WHERE id = @id AND status = 'open'", new { id, now }, tx.Sql, cancellationToken: ct));
        if (changed == 0)
        {
            throw new RuleViolationException("kpi_period_closed", t["kpi.period_closed", period.Label]);
        }

        await tx.AuditAsync("computed", "kpi_period", id, null, new { asOf = now, definitions = computation.Definitions, scores = computation.Scores.Count });
        await tx.CommitAsync(ct);
        return new KpiComputeResult(id, computation.Definitions, computation.Scores.Count, watch.ElapsedMilliseconds);
    }

    /// <summary>HR signs the period closed: its scores are computed one last time as of this moment, the active result rules applied to them, and both locked with it.</summary>
    public async Task<KpiPeriodDto> CloseAsync(Guid id, KpiCloseInput input, CancellationToken ct)
    {
        var period = await OpenPeriodAsync(id, ct);
        await using var tx = await work.BeginAsync(ct);
        // Waits for versions being added (they take SHARE) and keeps new ones out until the close commits.
        await tx.Connection.ExecuteAsync(new CommandDefinition("LOCK TABLE kpi.period IN SHARE ROW EXCLUSIVE MODE", transaction: tx.Sql, cancellationToken: ct));
        var signature = await signatures.SignAsync(input.Password, input.Meaning, "kpi_period", id, ct);
        await db.SaveChangesAsync(ct);
        await SeeEverythingAsync(tx, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var computation = await ScoreCalculator.ComputeAsync(tx.Connection, tx.Sql, period.Kind, period.StartsOn, period.EndsOn, now, null, ct);
        await WriteScoresAsync(tx, id, computation.Scores, ct);
        var results = await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO kpi.result (id, period_id, rule_id, score_id, kind, met, delta)
            SELECT gen_random_uuid(), @id, r.id, s.id, r.kind, s.met, CASE WHEN s.met THEN r.met_delta ELSE r.missed_delta END
            FROM kpi.score s JOIN kpi.definition_version v ON v.id = s.definition_version_id JOIN kpi.result_rule r ON r.definition_id = v.definition_id AND r.active
            WHERE s.period_id = @id AND s.met IS NOT NULL
            """, new { id }, tx.Sql, commandTimeout: 0, cancellationToken: ct));
        var hash = ScoreCalculator.Hash(computation.Scores);
        var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE kpi.period SET status = 'closed', computed_at = @now, as_of = @now, closed_at = @now, closed_by = @by, signature_id = @signature,
                   inputs_hash = @hash, org_shape = @org::jsonb, version = version + 1
            WHERE id = @id AND status = 'open'
            """,
            new { id, now, by = actor.Current.Name, signature = signature.Id, hash, org = JsonSerializer.Serialize(OrgShapeSnapshot.Of(computation.Org), Json) }, tx.Sql, cancellationToken: ct));
        if (changed == 0)
        {
            throw new RuleViolationException("kpi_period_closed", t["kpi.period_closed", period.Label]);
        }

        await tx.AuditAsync("closed", "kpi_period", id, new { status = "open" }, new { status = "closed", asOf = now, scores = computation.Scores.Count, results, hash, signature = signature.Id });
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Scores a closed period again — data as of its close, the versions in force for it, the organisation it was closed with — and compares.</summary>
    public async Task<KpiReproduction> ReproduceAsync(Guid id, CancellationToken ct)
    {
        var period = await GetAsync(id, ct);
        if (period.Status != "closed")
        {
            throw new RuleViolationException("kpi_period_open", t["kpi.period_not_closed", period.Label]);
        }

        await using var connection = await dataSource.OpenSystemAsync(ct);
        var orgJson = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT org_shape::text FROM kpi.period WHERE id = @id", new { id }, cancellationToken: ct));
        var org = JsonSerializer.Deserialize<OrgShapeSnapshot>(orgJson!, Json)!.ToShape();
        var asOf = period.AsOf!.Value.UtcDateTime;
        var again = await ScoreCalculator.ComputeAsync(connection, null, period.Kind, period.StartsOn, period.EndsOn, asOf, org, ct);
        var stored = (await connection.QueryAsync<StoredScore>(new CommandDefinition(
            "SELECT definition_version_id, subject_kind, subject_id, numerator, denominator, value, target, met FROM kpi.score WHERE period_id = @id", new { id }, cancellationToken: ct)))
            .Select(s => new ComputedScore(s.DefinitionVersionId, s.SubjectKind, s.SubjectId, s.Numerator, s.Denominator, s.Value, s.Target, s.Met)).ToList();
        var storedHash = ScoreCalculator.Hash(stored);
        var againHash = ScoreCalculator.Hash(again.Scores);
        return new KpiReproduction(id, period.AsOf.Value, stored.Count, again.Scores.Count, storedHash == againHash && storedHash == period.InputsHash,
            storedHash, againHash, Differences(stored, again.Scores));
    }

    private static List<string> Differences(IReadOnlyList<ComputedScore> stored, IReadOnlyList<ComputedScore> again)
    {
        var before = stored.ToDictionary(s => (s.VersionId, s.SubjectId));
        var after = again.ToDictionary(s => (s.VersionId, s.SubjectId));
        return before.Keys.Union(after.Keys).Order()
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || ScoreCalculator.Hash([b]) != ScoreCalculator.Hash([a]))
            .Take(20)
            .Select(k => $"{k.VersionId} {k.SubjectId}: {Show(before.GetValueOrDefault(k))} → {Show(after.GetValueOrDefault(k))}").ToList();

        static string Show(ComputedScore? s) => s is null ? "—" : $"{ScoreCalculator.Norm(s.Numerator)}/{ScoreCalculator.Norm(s.Denominator)}";
    }

    private async Task<KpiPeriodDto> OpenPeriodAsync(Guid id, CancellationToken ct)
    {
        var period = await GetAsync(id, ct);
        return period.Status == "open" ? period : throw new RuleViolationException("kpi_period_closed", t["kpi.period_closed", period.Label]);
    }

    /// <summary>A KPI counts every record whoever computes it; who may compute is the permission, who may see a score its row security.</summary>
    private static async Task SeeEverythingAsync(UnitOfWorkTransaction tx, CancellationToken ct) =>
        await tx.Connection.ExecuteAsync(new CommandDefinition("SELECT set_config('skillgate.scope_all', 'true', true)", transaction: tx.Sql, cancellationToken: ct));

    private static async Task WriteScoresAsync(UnitOfWorkTransaction tx, Guid periodId, IReadOnlyList<ComputedScore> scores, CancellationToken ct)
    {
        await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM kpi.score WHERE period_id = @periodId", new { periodId }, tx.Sql, cancellationToken: ct));
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO kpi.score (id, period_id, definition_version_id, subject_kind, subject_id, numerator, denominator, value, target, met)
            SELECT gen_random_uuid(), @periodId, r.* FROM unnest(@versions, @kinds, @subjects, @numerators, @denominators, @values, @targets, @met) AS r
            """,
            new
            {
                periodId, versions = scores.Select(s => s.VersionId).ToArray(), kinds = scores.Select(s => s.SubjectKind).ToArray(), subjects = scores.Select(s => s.SubjectId).ToArray(),
                numerators = scores.Select(s => s.Numerator).ToArray(), denominators = scores.Select(s => s.Denominator).ToArray(), values = scores.Select(s => s.Value).ToArray(),
                targets = scores.Select(s => s.Target).ToArray(), met = scores.Select(s => s.Met).ToArray(),
            }, tx.Sql, commandTimeout: 0, cancellationToken: ct));
    }

    private const string Select =
        """
        SELECT p.id, p.kind, p.starts_on, p.ends_on, p.status, p.computed_at, p.as_of, p.closed_at, p.closed_by, p.inputs_hash, p.version,
               (SELECT count(*) FROM kpi.score s WHERE s.period_id = p.id) AS scores
        FROM kpi.period p
        """;

    private sealed record StoredScore(Guid DefinitionVersionId, string SubjectKind, Guid SubjectId, decimal Numerator, decimal Denominator, decimal? Value, decimal Target, bool? Met);

    private sealed record Row(
        Guid Id, string Kind, DateOnly StartsOn, DateOnly EndsOn, string Status, DateTime? ComputedAt, DateTime? AsOf, DateTime? ClosedAt, string? ClosedBy, string? InputsHash, int Version, long Scores)
    {
        public KpiPeriodDto ToDto() => new(Id, Kind, StartsOn, EndsOn, PeriodCalendar.Label(Kind, StartsOn), Status, Utc(ComputedAt), Utc(AsOf), Utc(ClosedAt), ClosedBy, InputsHash, Scores, Version);
    }
}
