using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>
/// Standings at past moments, from the qualification history: a requirement in force then (for the unit the operator was in then)
/// with no history row for the operator counts as not trained (they were never tracked for it, so nobody had qualified them); a
/// qualification whose validity had run out by that day counts as expired even if the daily job had not recorded it yet.
/// </summary>
internal sealed class QualificationHistory(NpgsqlDataSource dataSource, SkillgateDb db, QualificationEngine engine) : IQualificationHistory
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
        };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            WITH w AS (SELECT * FROM unnest(@employees, @operations, @units, @ats) WITH ORDINALITY AS w(employee_id, operation_id, org_unit_id, at, n))
            SELECT w.n AS Item, r.id AS RequirementId,
                   CASE WHEN h.status IS NULL THEN 'not_trained'
                        WHEN h.status IN ('qualified', 'expiring') AND h.valid_until < (w.at AT TIME ZONE 'UTC')::date THEN 'expired'
                        ELSE h.status END AS Status,
                   h.basis_version_id AS BasisVersionId
            FROM w
            JOIN competence.requirement r ON r.operation_id = w.operation_id AND r.created_at <= w.at
            LEFT JOIN LATERAL (
                SELECT qh.status, qh.valid_until, qh.basis_version_id FROM competence.qualification_history qh
                WHERE qh.employee_id = w.employee_id AND qh.requirement_id = r.id AND qh.changed_at <= w.at
                ORDER BY qh.changed_at DESC, qh.id DESC LIMIT 1) h ON true
            WHERE (r.active OR h.status IS NOT NULL) AND competence.applies_to(r.org_unit_id, w.org_unit_id)
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
            "SELECT v.id, d.code || ' v' || v.major || '.' || v.minor FROM standards.document_version v JOIN standards.document d ON d.id = v.document_id WHERE v.id = ANY(@ids)",
            new { ids = rows.Where(r => r.BasisVersionId is not null).Select(r => r.BasisVersionId!.Value).Distinct().ToArray() }, cancellationToken: ct)))
            .ToDictionary(v => v.Id, v => v.Label);
        var ids = rows.Select(r => r.RequirementId).Distinct().ToList();
        var requirements = await db.Set<Requirement>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var labels = await engine.LabelsAsync(requirements, ct);
        var byItem = rows.ToLookup(r => r.Item);
        return worked.Select((_, i) =>
        {
            var items = byItem[i + 1].Select(r => new RequirementAt(
                r.RequirementId, labels[r.RequirementId], r.Status, r.BasisVersionId is { } v ? versions.GetValueOrDefault(v) : null))
                .OrderBy(r => r.Requirement, StringComparer.Ordinal).ToList();
            return new StandingAt(items.All(r => r.Status is "qualified" or "expiring"), overrides.GetValueOrDefault(i + 1), items);
        }).ToList();
    }

    private sealed record Row(long Item, Guid RequirementId, string Status, Guid? BasisVersionId);
}
