using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Modules.Performance.Metrics;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Scores;

/// <summary>Scores as the caller may see them (row security on the scores and the people), a score's records, and a person's own scores.</summary>
internal sealed class ScoreHandler(NpgsqlDataSource dataSource, CurrentUser me, Texts t)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Page<KpiScoreDto>> ListAsync(Guid? periodId, Guid? definitionId, string? subjectKind, string? q, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        subjectKind = string.IsNullOrWhiteSpace(subjectKind) ? null : subjectKind;
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { periodId, definitionId, subjectKind, q = $"%{q?.Trim()}%", offset = (page - 1) * pageSize, pageSize };
        const string where =
            """
            WHERE (@periodId::uuid IS NULL OR s.period_id = @periodId) AND (@definitionId::uuid IS NULL OR v.definition_id = @definitionId)
              AND (@subjectKind::text IS NULL OR s.subject_kind = @subjectKind)
              AND (coalesce(u.name, ps.name, e.name, '') ILIKE @q OR coalesce(e.employee_no, '') ILIKE @q OR d.code ILIKE @q OR v.name_zh ILIKE @q OR v.name_en ILIKE @q)
            """;
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) {From} {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Columns} {From} {where} ORDER BY p.starts_on DESC, d.code, s.subject_kind, subject_name OFFSET @offset LIMIT @pageSize", args, cancellationToken: ct));
        return new Page<KpiScoreDto>(rows.Select(ToDto).ToList(), total, page, pageSize);
    }

    /// <summary>The caller's own scores, newest period first.</summary>
    public async Task<IReadOnlyList<KpiScoreDto>> MineAsync(CancellationToken ct)
    {
        if (me.EmployeeId is not { } employee)
        {
            return [];
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Columns} {From} WHERE s.subject_kind = 'person' AND s.subject_id = @employee ORDER BY p.starts_on DESC, d.code LIMIT 200", new { employee }, cancellationToken: ct));
        return rows.Select(ToDto).ToList();
    }

    public async Task<KpiScoreDto> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Columns} {From} WHERE s.id = @id", new { id }, cancellationToken: ct));
        return row is null ? throw new NotFoundException(t["kpi.score_unknown"]) : ToDto(row);
    }

    /// <summary>The records a score came from, read with the same sources, days and moment as the score.</summary>
    public async Task<KpiDrillDown> DrillAsync(Guid id, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var score = await GetAsync(id, ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var period = await connection.QuerySingleAsync<(DateTime StartsOn, DateTime EndsOn, DateTime? AsOf, string? Org)>(new CommandDefinition(
            "SELECT starts_on::timestamp, ends_on::timestamp, as_of, org_shape::text FROM kpi.period WHERE id = @id", new { id = score.PeriodId }, cancellationToken: ct));
        var metric = KpiMetrics.Find(score.Metric)!;
        Guid[]? units = null;
        Guid[]? employees = null;
        Guid[] homed = [];
        (Guid Unit, string Function)[] pairs = [];
        switch (score.SubjectKind)
        {
            case "org_unit" or "position":
                var org = period.Org is { } json ? JsonSerializer.Deserialize<OrgShapeSnapshot>(json, Json)!.ToShape() : await OrgNowAsync(ct);
                if (score.SubjectKind == "org_unit")
                {
                    units = [.. org.Subtree(score.SubjectId)];
                    var inside = units.ToHashSet();
                    homed = [.. org.Homes.Where(h => inside.Contains(h.Value)).Select(h => h.Key)];
                    var functions = org.Units.Values.SelectMany(u => u.Functions).Distinct(StringComparer.Ordinal).ToList();
                    pairs = [.. org.Units.Keys.SelectMany(u => functions.Select(f => (u, f))).Where(p => org.Responsible(p.u, p.f) is { } r && inside.Contains(r))];
                }
                else
                {
                    employees = [.. org.Positions.Where(p => p.Value == score.SubjectId).Select(p => p.Key)];
                }

                break;
            case "person":
                employees = [score.SubjectId];
                break;
        }

        var rows = (await connection.QueryAsync<RecordRow>(new CommandDefinition(
            $"""
            SELECT r.kind, r.id, r.day, b.code AS batch, e.name AS employee, u.name AS unit, r.detail, r.cause, r.numerator, r.denominator,
                   count(*) OVER () AS total, sum(r.numerator) OVER () AS sum_numerator, sum(r.denominator) OVER () AS sum_denominator
            FROM ({metric.SourceSql}) r
            LEFT JOIN quality.batch_v b ON b.id = r.batch_id LEFT JOIN org.employee_v e ON e.id = r.employee_id LEFT JOIN org.org_unit_v u ON u.id = r.unit_id
            WHERE (@units::uuid[] IS NULL OR (r.function IS NULL AND r.unit_id = ANY(@units)) OR (r.function IS NULL AND r.unit_id IS NULL AND r.employee_id = ANY(@homed))
                   OR EXISTS (SELECT 1 FROM unnest(@pairUnits::uuid[], @pairFunctions::text[]) p(u, f) WHERE p.u = r.unit_id AND p.f = r.function))
              AND (@employees::uuid[] IS NULL OR r.employee_id = ANY(@employees))
            ORDER BY r.day DESC, r.kind, r.id, r.employee_id OFFSET @offset LIMIT @pageSize
            """,
            new
            {
                from = period.StartsOn, to = period.EndsOn, asOf = period.AsOf ?? DateTime.MinValue, units, homed, employees, people = employees, pairUnits = pairs.Select(p => p.Unit).ToArray(),
                pairFunctions = pairs.Select(p => p.Function).ToArray(), offset = (page - 1) * pageSize, pageSize,
            },
            commandTimeout: 0, cancellationToken: ct))).ToList();
        var records = rows.Select(r => new KpiRecordDto(r.Kind, r.Id, r.Day, r.Batch, r.Employee, r.Unit, r.Detail, r.Cause, r.Numerator, r.Denominator)).ToList();
        var first = rows.FirstOrDefault();
        return new KpiDrillDown(score, records, first?.Total ?? 0, page, pageSize, first?.SumNumerator ?? 0, first?.SumDenominator ?? 0);
    }

    private async Task<OrgShape> OrgNowAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        return await ScoreCalculator.ReadOrgAsync(connection, null, ct);
    }

    private KpiScoreDto ToDto(Row r) => new(
        r.Id, r.PeriodId, PeriodCalendar.Label(r.Kind, DateOnly.FromDateTime(r.StartsOn)), r.Status, r.DefinitionId, r.Code, r.Version, DefinitionHandler.NameIn(r.NameZh, r.NameEn),
        r.Metric, r.Direction, r.Unit, r.SubjectKind, r.SubjectId, r.SubjectKind == "company" ? t["kpi.company"] : r.SubjectName ?? "—",
        r.Numerator, r.Denominator, r.Value, r.Target, r.Met);

    private const string Columns =
        """
        SELECT s.id, s.period_id, p.kind, p.starts_on::timestamp AS starts_on, p.status, v.definition_id, d.code, v.version, v.name_zh, v.name_en, v.metric, v.direction, v.unit,
               s.subject_kind, s.subject_id, coalesce(u.name, ps.name, e.name || ' · ' || e.employee_no) AS subject_name, s.numerator, s.denominator, s.value, s.target, s.met
        """;

    private const string From =
        """
        FROM kpi.score s JOIN kpi.period p ON p.id = s.period_id JOIN kpi.definition_version v ON v.id = s.definition_version_id JOIN kpi.definition d ON d.id = v.definition_id
        LEFT JOIN org.org_unit_v u ON s.subject_kind = 'org_unit' AND u.id = s.subject_id
        LEFT JOIN org.position_v ps ON s.subject_kind = 'position' AND ps.id = s.subject_id
        LEFT JOIN org.employee_v e ON s.subject_kind = 'person' AND e.id = s.subject_id
        """;

    private sealed record Row(
        Guid Id, Guid PeriodId, string Kind, DateTime StartsOn, string Status, Guid DefinitionId, string Code, int Version, string NameZh, string NameEn, string Metric, string Direction,
        string Unit, string SubjectKind, Guid SubjectId, string? SubjectName, decimal Numerator, decimal Denominator, decimal? Value, decimal Target, bool? Met);

    private sealed record RecordRow(
        string Kind, Guid Id, DateOnly Day, string? Batch, string? Employee, string? Unit, string Detail, string? Cause, decimal Numerator, decimal Denominator, long Total,
        decimal SumNumerator, decimal SumDenominator);
}
