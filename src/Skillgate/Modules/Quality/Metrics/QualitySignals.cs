using Dapper;
using Npgsql;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Quality.Trace;
using Skillgate.Platform.Statistics;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Quality.Metrics;

/// <summary>Quality data as the needs analysis reads it (all plant data; the analysis itself is not scoped to a caller).</summary>
internal sealed class QualitySignals(NpgsqlDataSource dataSource) : IQualitySignals
{
    public async Task<IReadOnlyList<LineDefectSeries>> DefectSeriesAsync(IReadOnlyCollection<string> defectTypes, string period, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (defectTypes.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { types = defectTypes.Select(d => d.ToLowerInvariant()).ToArray(), period, from = Day(from), to = Day(to) };
        var produced = (await connection.QueryAsync<(Guid Line, DateTime Period, long Produced)>(new CommandDefinition(
            """
            SELECT line_id, date_trunc(@period, produced_on::timestamp), sum(produced)::bigint FROM quality.production_count
            WHERE produced_on BETWEEN @from::date AND @to::date GROUP BY 1, 2
            """, args, cancellationToken: ct))).ToDictionary(p => (p.Line, DateOnly.FromDateTime(p.Period)), p => p.Produced);
        var defects = (await connection.QueryAsync<(Guid Line, string Type, DateTime Period, long Defects, Guid[] Operations)>(new CommandDefinition(
            """
            SELECT line_id, lower(defect_type), date_trunc(@period, found_on::timestamp), sum(quantity)::bigint, array_remove(array_agg(DISTINCT operation_id), NULL)
            FROM quality.defect WHERE found_on BETWEEN @from::date AND @to::date AND lower(defect_type) = ANY(@types) GROUP BY 1, 2, 3
            """, args, cancellationToken: ct))).ToList();
        var lines = (await connection.QueryAsync<(Guid Id, string Code, string Name)>(new CommandDefinition(
            "SELECT id, code, name FROM org.org_unit_v WHERE id = ANY(@ids)", new { ids = produced.Keys.Select(k => k.Line).Distinct().ToArray() }, cancellationToken: ct)))
            .ToDictionary(l => l.Id);
        var periods = Periods.Between(period, from, to);
        var byLineAndType = defects.ToLookup(d => (d.Line, d.Type));
        return lines.Values.SelectMany(line => defectTypes.Select(type =>
        {
            var mine = byLineAndType[(line.Id, type.ToLowerInvariant())].ToList();
            var perPeriod = mine.ToDictionary(d => DateOnly.FromDateTime(d.Period), d => d.Defects);
            var points = periods.Select(p => new RatePoint(p, perPeriod.GetValueOrDefault(p), produced.GetValueOrDefault((line.Id, p)))).ToList();
            return new LineDefectSeries(line.Id, line.Code, line.Name, type, points, mine.SelectMany(d => d.Operations).Distinct().ToList());
        })).Where(s => s.Points.Any(p => p.Defects > 0)).OrderBy(s => s.LineCode, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<Guid>> LineOperatorsAsync(Guid lineId, IReadOnlyCollection<Guid> operationIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT DISTINCT employee_id FROM quality.operation_record
            WHERE line_id = @lineId AND started_at >= @from AND started_at < @to AND (cardinality(@operations) = 0 OR operation_id = ANY(@operations))
            """,
            new { lineId, operations = operationIds.ToArray(), from = Start(from), to = Start(to.AddDays(1)) }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<Guid>> UnitOperatorsAsync(Guid orgUnitId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            WITH ops AS (
                SELECT o.id FROM competence.operation_v o WHERE o.org_unit_id IN (SELECT org.unit_subtree(@orgUnitId)))
            SELECT employee_id FROM quality.operation_record WHERE operation_id IN (SELECT id FROM ops) AND started_at >= @from AND started_at < @to
            UNION
            SELECT employee_id FROM competence.operation_assignment_v WHERE operation_id IN (SELECT id FROM ops) AND ended_at IS NULL
            """,
            new { orgUnitId, from = Start(from), to = Start(to.AddDays(1)) }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<FindingDto>> FindingsAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<FindingDto>(new CommandDefinition(
            """
            SELECT f.id, f.external_id, f.audit, f.clause, f.nonconformity, f.org_unit_id, u.name AS org_unit_name, f.severity, f.found_on
            FROM quality.audit_finding f JOIN org.org_unit_v u ON u.id = f.org_unit_id WHERE f.found_on BETWEEN @from::date AND @to::date ORDER BY f.found_on
            """, new { from = Day(from), to = Day(to) }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<ComplaintDto>> ComplaintsAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<ComplaintDto>(new CommandDefinition(
            $"{TraceQueries.ComplaintSql} WHERE c.received_on BETWEEN @from::date AND @to::date ORDER BY c.received_on", new { from = Day(from), to = Day(to) }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<Guid>> BatchOperatorsAsync(IReadOnlyCollection<Guid> batchIds, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT DISTINCT employee_id FROM quality.operation_record WHERE batch_id = ANY(@ids)", new { ids = batchIds.ToArray() }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<UnitCheckSeries>> CheckFailureSeriesAsync(
        IReadOnlyCollection<string> checklistCodes, string period, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (checklistCodes.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = (await connection.QueryAsync<(Guid Unit, Guid Checklist, string Code, string Title, DateTime Period, long Failed, long Checked)>(new CommandDefinition(
            """
            SELECT c.org_unit_id, l.id, l.code, l.title, date_trunc(@period, c.performed_at AT TIME ZONE 'UTC'), count(*) FILTER (WHERE NOT c.passed), count(*)
            FROM quality.supervision_check c JOIN quality.checklist l ON l.id = c.checklist_id
            WHERE lower(l.code) = ANY(@codes) AND c.performed_at >= @from AND c.performed_at < @to GROUP BY 1, 2, 3, 4, 5
            """,
            new { codes = checklistCodes.Select(c => c.ToLowerInvariant()).ToArray(), period, from = Start(from), to = Start(to.AddDays(1)) }, cancellationToken: ct))).ToList();
        var units = (await connection.QueryAsync<(Guid Id, string Code, string Name)>(new CommandDefinition(
            "SELECT id, code, name FROM org.org_unit_v WHERE id = ANY(@ids)", new { ids = rows.Select(r => r.Unit).Distinct().ToArray() }, cancellationToken: ct)))
            .ToDictionary(u => u.Id);
        var periods = Periods.Between(period, from, to);
        return rows.Where(r => units.ContainsKey(r.Unit)).GroupBy(r => (r.Unit, r.Checklist)).Select(g =>
        {
            var unit = units[g.Key.Unit];
            var perPeriod = g.ToDictionary(r => DateOnly.FromDateTime(r.Period));
            var points = periods.Select(p => perPeriod.TryGetValue(p, out var r) ? new CheckRatePoint(p, r.Failed, r.Checked) : new CheckRatePoint(p, 0, 0)).ToList();
            return new UnitCheckSeries(unit.Id, unit.Code, unit.Name, g.Key.Checklist, g.First().Code, g.First().Title, points);
        }).OrderBy(s => s.UnitCode, StringComparer.Ordinal).ThenBy(s => s.ChecklistCode, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<Guid>> CheckedPeopleAsync(Guid orgUnitId, Guid checklistId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT DISTINCT e.id FROM quality.supervision_check c JOIN org.employee_v e ON e.id = c.employee_id
            WHERE c.checklist_id = @checklistId AND c.org_unit_id = @orgUnitId AND c.performed_at >= @from AND c.performed_at < @to
              AND e.status = 'active' AND org.unit_within(e.org_unit_id, @orgUnitId)
            """,
            new { orgUnitId, checklistId, from = Start(from), to = Start(to.AddDays(1)) }, cancellationToken: ct))).ToList();
    }

    private static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>A date parameter (sent as timestamp without time zone, so ::date never shifts it).</summary>
    private static DateTime Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
