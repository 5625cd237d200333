using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Modules.Performance.Metrics;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Results;

/// <summary>
/// A closed period's results per person, for payroll: each person's KPIs and every rule that applied to them — through their
/// own scores, their department's (the nearest unit up from theirs scored on the KPI, so a line's, workshop's and plant's
/// outcomes do not add up), their position's and the company's — summed to a bonus factor, a commission coefficient change
/// and promotion points. People are placed as the period's organisation was when it closed.
/// </summary>
internal sealed class ResultHandler(NpgsqlDataSource dataSource, PeriodHandler periods, Texts t)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Page<PersonResult>> ListAsync(Guid periodId, string? q, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 500);
        var all = await PeopleAsync(periodId, ct);
        var text = q?.Trim() ?? "";
        var found = all.Where(p => text.Length == 0 || p.EmployeeNo.Contains(text, StringComparison.OrdinalIgnoreCase) || p.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                                   || (p.OrgUnit?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        return new Page<PersonResult>(found.Skip((page - 1) * pageSize).Take(pageSize).ToList(), found.Count, page, pageSize);
    }

    public async Task<IReadOnlyList<PersonResult>> PeopleAsync(Guid periodId, CancellationToken ct)
    {
        var period = await periods.GetAsync(periodId, ct);
        if (period.Status != "closed")
        {
            throw new RuleViolationException("kpi_period_open", t["kpi.results_need_close", period.Label]);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var org = JsonSerializer.Deserialize<OrgShapeSnapshot>(await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT org_shape::text FROM kpi.period WHERE id = @periodId", new { periodId }, cancellationToken: ct)) ?? "{}", Json)!.ToShape();
        var results = (await connection.QueryAsync<ResultRow>(new CommandDefinition(
            $"""
            SELECT r.kind, r.met, r.delta, s.subject_kind, s.subject_id, s.value, s.target, d.code, v.name_zh, v.name_en,
                   coalesce(u.name, ps.name, e.name || ' · ' || e.employee_no) AS subject_name
            FROM kpi.result r JOIN kpi.score s ON s.id = r.score_id JOIN kpi.definition_version v ON v.id = s.definition_version_id JOIN kpi.definition d ON d.id = v.definition_id
            {Names}
            WHERE r.period_id = @periodId
            """, new { periodId }, cancellationToken: ct))).ToList();
        var kpis = (await connection.QueryAsync<KpiRow>(new CommandDefinition(
            """
            SELECT s.subject_id, d.code, v.name_zh, v.name_en, v.unit, s.value, s.target, s.met
            FROM kpi.score s JOIN kpi.definition_version v ON v.id = s.definition_version_id JOIN kpi.definition d ON d.id = v.definition_id
            WHERE s.period_id = @periodId AND s.subject_kind = 'person' ORDER BY d.code
            """, new { periodId }, cancellationToken: ct))).ToLookup(k => k.SubjectId);
        var adjustments = (await connection.QueryAsync<AdjustmentRow>(new CommandDefinition(
            """
            SELECT a.employee_id, a.kind, a.delta, a.instance_number, s.value, s.target, d.code, v.name_zh, v.name_en
            FROM kpi.adjustment a JOIN kpi.score s ON s.id = a.score_id JOIN kpi.definition_version v ON v.id = s.definition_version_id JOIN kpi.definition d ON d.id = v.definition_id
            WHERE a.period_id = @periodId ORDER BY a.decided_at
            """, new { periodId }, cancellationToken: ct))).ToLookup(a => a.EmployeeId);
        var byUnit = results.Where(r => r.SubjectKind == "org_unit").ToLookup(r => r.SubjectId);
        var byPosition = results.Where(r => r.SubjectKind == "position").ToLookup(r => r.SubjectId);
        var byPerson = results.Where(r => r.SubjectKind == "person").ToLookup(r => r.SubjectId);
        var company = results.Where(r => r.SubjectKind == "company").ToList();
        var people = (await connection.QueryAsync<PersonRow>(new CommandDefinition(
            """
            SELECT e.id, e.employee_no, e.name, u.name AS org_unit, p.name AS position
            FROM org.employee_v e LEFT JOIN org.org_unit_v u ON u.id = e.org_unit_id LEFT JOIN org.position_v p ON p.id = e.position_id
            WHERE e.id = ANY(@ids)
            """, new { ids = org.Positions.Keys.ToArray() }, cancellationToken: ct))).ToDictionary(p => p.Id);
        var list = new List<PersonResult>();
        foreach (var (id, person) in people)
        {
            var home = org.Homes.TryGetValue(id, out var unit) ? org.UpFrom(unit).ToList() : [];
            var applied = byPerson[id]
                .Concat(home.SelectMany(u => byUnit[u]).DistinctBy(r => (r.Code, r.Kind)))
                .Concat(org.Positions.GetValueOrDefault(id) is { } position ? byPosition[position] : [])
                .Concat(company)
                .Select(r => new AppliedRule(r.Code, DefinitionHandler.NameIn(r.NameZh, r.NameEn), r.SubjectKind, r.SubjectKind == "company" ? t["kpi.company"] : r.SubjectName ?? "—",
                    r.Value, r.Target, r.Met, r.Kind, r.Delta))
                .Concat(adjustments[id].Select(a => new AppliedRule(a.Code, DefinitionHandler.NameIn(a.NameZh, a.NameEn), "appeal", t["kpi.appeal_upheld", a.InstanceNumber],
                    a.Value, a.Target, true, a.Kind, a.Delta)))
                .ToList();
            var own = kpis[id].Select(k => new PersonKpi(k.Code, DefinitionHandler.NameIn(k.NameZh, k.NameEn), k.Unit, k.Value, k.Target, k.Met)).ToList();
            if (applied.Count == 0 && own.Count == 0)
            {
                continue;
            }

            list.Add(new PersonResult(id, person.EmployeeNo, person.Name, person.OrgUnit, person.Position, own, applied,
                1 + applied.Where(a => a.Kind == "bonus_factor").Sum(a => a.Delta), applied.Where(a => a.Kind == "commission").Sum(a => a.Delta),
                applied.Where(a => a.Kind == "promotion").Sum(a => a.Delta)));
        }

        return list.OrderBy(p => p.EmployeeNo, StringComparer.Ordinal).ToList();
    }

    private const string Names =
        """
        LEFT JOIN org.org_unit_v u ON s.subject_kind = 'org_unit' AND u.id = s.subject_id
        LEFT JOIN org.position_v ps ON s.subject_kind = 'position' AND ps.id = s.subject_id
        LEFT JOIN org.employee_v e ON s.subject_kind = 'person' AND e.id = s.subject_id
        """;

    private sealed record ResultRow(
        string Kind, bool Met, decimal Delta, string SubjectKind, Guid SubjectId, decimal? Value, decimal Target, string Code, string NameZh, string NameEn, string? SubjectName);

    private sealed record AdjustmentRow(
        Guid EmployeeId, string Kind, decimal Delta, string InstanceNumber, decimal? Value, decimal Target, string Code, string NameZh, string NameEn);

    private sealed record KpiRow(Guid SubjectId, string Code, string NameZh, string NameEn, string Unit, decimal? Value, decimal Target, bool? Met);

    private sealed record PersonRow(Guid Id, string EmployeeNo, string Name, string? OrgUnit, string? Position);
}
