using Dapper;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>
/// Standings at past moments, from the same definition the gate answers with (<c>competence.evaluate_at</c>): the requirements
/// in force then for the unit the operator was in then, each judged on what had been recorded by that moment, with one level of
/// prerequisites as the gate applies them, and labelled with the document version in force then.
/// </summary>
internal sealed class QualificationHistory(NpgsqlDataSource dataSource, QualificationEngine engine) : IQualificationHistory
{
    public async Task<IReadOnlyList<StandingAt>> StandingsAsync(IReadOnlyList<WorkedOperation> worked, CancellationToken ct)
    {
        if (worked.Count == 0)
        {
            return [];
        }

        var args = new
        {
            employees = worked.Select(w => w.EmployeeId).ToArray(),
            operations = worked.Select(w => w.OperationId).ToArray(),
            units = worked.Select(w => w.OrgUnitId).ToArray(),
            ats = worked.Select(w => w.At.UtcDateTime).ToArray(),
            window = engine.ExpiringWindowDays,
        };
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            WITH w AS (
                SELECT * FROM unnest(@employees, @operations, @units, @ats) WITH ORDINALITY AS w(employee_id, operation_id, org_unit_id, at, item)
            ), req AS (
                SELECT w.item, w.employee_id, w.at, r.id AS requirement_id, true AS own
                FROM w JOIN competence.requirement r ON r.operation_id = w.operation_id
                WHERE competence.requirement_in_force(r.created_at, r.retired_at, w.at) AND competence.applies_to(r.org_unit_id, w.org_unit_id)
            ), wanted AS (
                SELECT item, employee_id, at, requirement_id, bool_or(own) AS own FROM (
                    SELECT * FROM req
                    UNION ALL
                    SELECT req.item, req.employee_id, req.at, rp.prerequisite_id, false FROM req
                    JOIN competence.requirement_prerequisite rp ON rp.requirement_id = req.requirement_id) x
                GROUP BY item, employee_id, at, requirement_id
            ), pairs AS (
                SELECT array_agg(item ORDER BY item, requirement_id) AS items, array_agg(own ORDER BY item, requirement_id) AS owns,
                       array_agg(employee_id ORDER BY item, requirement_id) AS employees, array_agg(requirement_id ORDER BY item, requirement_id) AS requirements,
                       array_agg(at ORDER BY item, requirement_id) AS ats, array_agg((at AT TIME ZONE 'UTC')::date ORDER BY item, requirement_id) AS days
                FROM wanted
            )
            SELECT pairs.items[ev.n::int] AS Item, pairs.owns[ev.n::int] AS Own, ev.requirement_id AS RequirementId, ev.status, ev.basis_version_id AS BasisVersionId, ev.basis_revoked_at AS BasisRevokedAt, ev.basis_revoked_reason AS BasisRevokedReason,
                   r.kind, r.min_level AS MinLevel, r.min_points AS MinPoints, r.points_months AS PointsMonths, r.min_credits AS MinCredits, r.credit_category AS CreditCategory, s.name AS SkillName, d.code AS DocumentCode, v.major AS Major, v.minor AS Minor,
                   ARRAY(SELECT rp.prerequisite_id FROM competence.requirement_prerequisite rp WHERE rp.requirement_id = r.id) AS PrerequisiteIds
            FROM pairs, competence.evaluate_at(pairs.employees, pairs.requirements, pairs.ats, pairs.days, @window) ev
            JOIN competence.requirement r ON r.id = ev.requirement_id
            LEFT JOIN competence.skill s ON s.id = r.skill_id
            LEFT JOIN standards.document_v d ON d.id = r.document_id
            LEFT JOIN standards.document_version_v v ON v.id = ev.version_id
            WHERE pairs.items IS NOT NULL
            """, args, cancellationToken: ct))).ToList();
        var overrides = (await connection.QueryAsync<(long Item, string Reason)>(new CommandDefinition(
            """
            WITH w AS (SELECT * FROM unnest(@employees, @operations, @units, @ats) WITH ORDINALITY AS w(employee_id, operation_id, org_unit_id, at, n))
            SELECT DISTINCT ON (w.n) w.n, o.reason FROM w
            JOIN competence.override o ON o.employee_id = w.employee_id AND o.operation_id = w.operation_id
             AND o.granted_at <= w.at AND o.expires_at > w.at AND (o.revoked_at IS NULL OR o.revoked_at > w.at)
            ORDER BY w.n, o.granted_at DESC
            """, args, cancellationToken: ct))).ToDictionary(o => o.Item, o => o.Reason);
        var versions = (await connection.QueryAsync<(Guid Id, string Label)>(new CommandDefinition(
            "SELECT v.id, d.code || ' v' || v.major || '.' || v.minor FROM standards.document_version_v v JOIN standards.document_v d ON d.id = v.document_id WHERE v.id = ANY(@ids)",
            new { ids = rows.Where(r => r.BasisVersionId is not null).Select(r => r.BasisVersionId!.Value).Distinct().ToArray() }, cancellationToken: ct)))
            .ToDictionary(v => v.Id, v => v.Label);
        var byItem = rows.ToLookup(r => r.Item);
        return worked.Select((_, i) =>
        {
            var mine = byItem[i + 1].ToList();
            var statuses = EvaluatedRequirement.WithPrerequisites(mine);
            var items = mine.Where(r => r.Own)
                .Select(r => new RequirementAt(
                    r.RequirementId!.Value, r.Label(engine), statuses[r.RequirementId!.Value], r.BasisVersionId is { } v ? versions.GetValueOrDefault(v) : null,
                    r.BasisRevokedAt is { } revoked ? DateOnly.FromDateTime(revoked) : null, r.BasisRevokedReason))
                .OrderBy(r => r.Requirement, StringComparer.Ordinal).ToList();
            return new StandingAt(items.All(r => EvaluatedRequirement.Passing.Contains(r.Status)), overrides.GetValueOrDefault(i + 1), items);
        }).ToList();
    }

    private sealed class Row : EvaluatedRequirement
    {
        public long Item { get; init; }

        public bool Own { get; init; }

        public Guid? BasisVersionId { get; init; }

        public DateTime? BasisRevokedAt { get; init; }

        public string? BasisRevokedReason { get; init; }
    }
}
