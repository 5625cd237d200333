using Dapper;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning.Candidates;

/// <summary>
/// People to invite to a course or session, chosen the way HR thinks of them: by org unit (with its subtree), position, a
/// search, and whether they have a gap the course closes (a requirement on one of its standards not met), in the caller's scope.
/// </summary>
internal sealed class CandidateQueries(NpgsqlDataSource dataSource, DataScope scope)
{
    public const int Max = 500;

    public async Task<IReadOnlyList<CandidateDto>> FindAsync(Guid courseId, Guid? orgUnitId, Guid? positionId, string? q, bool gapOnly, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid EmployeeId, string EmployeeNo, string Name, string OrgUnitName, string? PositionName, string? Gaps)>(new CommandDefinition(
            """
            WITH docs AS (
                SELECT DISTINCT v.document_id FROM learning.course_document cd JOIN standards.document_version_v v ON v.id = cd.document_version_id
                WHERE cd.course_id = @courseId
            ), people AS (
                SELECT e.id, e.employee_no, e.name, u.name AS org_unit_name, p.name AS position_name,
                       (SELECT string_agg(DISTINCT q.status, ',' ORDER BY q.status) FROM competence.qualification_v q
                        JOIN competence.requirement_v r ON r.id = q.requirement_id
                        WHERE q.employee_id = e.id AND r.document_id IN (SELECT document_id FROM docs) AND q.status NOT IN ('qualified', 'expiring')) AS gaps
                FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id LEFT JOIN org.position_v p ON p.id = e.position_id
                WHERE e.status = 'active' AND (@all OR e.org_unit_id = ANY (@units))
                  AND competence.applies_to(@orgUnitId, e.org_unit_id) AND (@positionId::uuid IS NULL OR e.position_id = @positionId)
                  AND (@q = '' OR e.employee_no ILIKE @q || '%' OR e.name ILIKE '%' || @q || '%')
            )
            SELECT id, employee_no, name, org_unit_name, position_name, gaps
            FROM people WHERE NOT @gapOnly OR gaps IS NOT NULL
            ORDER BY gaps IS NULL, employee_no LIMIT @max
            """,
            new { courseId, orgUnitId, positionId, q = q?.Trim() ?? "", gapOnly, all = filter.All, units = filter.Ids, max = Max }, cancellationToken: ct));
        return rows.Select(r => new CandidateDto(r.EmployeeId, r.EmployeeNo, r.Name, r.OrgUnitName, r.PositionName, r.Gaps?.Split(',') ?? [])).ToList();
    }
}
