using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>Reads stored statuses: an employee's, and the status at any past moment (for the trace).</summary>
internal sealed class QualificationQueries(CompetenceDb db, NpgsqlDataSource dataSource, QualificationEngine engine, TimeProvider clock)
{
    public async Task<IReadOnlyList<QualificationDto>> ForEmployeeAsync(Guid employeeId, CancellationToken ct) =>
        await ReadAsync(employeeId, at: null, ct);

    /// <summary>The statuses as they stood at a past moment, from the history.</summary>
    public Task<IReadOnlyList<QualificationDto>> ForEmployeeAtAsync(Guid employeeId, DateTimeOffset at, CancellationToken ct) =>
        ReadAsync(employeeId, at, ct);

    private async Task<IReadOnlyList<QualificationDto>> ReadAsync(Guid employeeId, DateTimeOffset? at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var sql = at is null
            ? "SELECT requirement_id AS RequirementId, status, valid_until AS ValidUntil, due_on AS DueOn, basis_version_id AS BasisVersionId FROM competence.qualification WHERE employee_id = @employeeId"
            : """
              SELECT * FROM (
                  SELECT DISTINCT ON (requirement_id) requirement_id AS RequirementId, status, valid_until AS ValidUntil, due_on AS DueOn, basis_version_id AS BasisVersionId
                  FROM competence.qualification_history WHERE employee_id = @employeeId AND changed_at <= @at
                  ORDER BY requirement_id, changed_at DESC, id DESC) h
              WHERE h.status <> 'removed'
              """;
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, new { employeeId, at }, cancellationToken: ct))).ToList();
        var ids = rows.Select(r => r.RequirementId).ToList();
        var requirements = await db.Set<Requirement>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var labels = await engine.LabelsAsync(requirements, ct);
        var versions = await connection.QueryAsync<(Guid Id, string Label)>(new CommandDefinition(
            "SELECT v.id, d.code || ' v' || v.major || '.' || v.minor FROM standards.document_version_v v JOIN standards.document_v d ON d.id = v.document_id WHERE v.id = ANY(@ids)",
            new { ids = rows.Where(r => r.BasisVersionId is not null).Select(r => r.BasisVersionId!.Value).Distinct().ToArray() }, cancellationToken: ct));
        var versionLabels = versions.ToDictionary(v => v.Id, v => v.Label);
        var now = clock.GetUtcNow();
        var overridden = await db.Set<Override>().AsNoTracking()
            .Where(o => o.EmployeeId == employeeId && o.RevokedAt == null && o.ExpiresAt > now).ToListAsync(ct);
        return rows.Where(r => labels.ContainsKey(r.RequirementId)).Select(r =>
        {
            var requirement = requirements.First(x => x.Id == r.RequirementId);
            return new QualificationDto(employeeId, r.RequirementId, labels[r.RequirementId], r.Status, r.ValidUntil, r.DueOn,
                r.BasisVersionId is { } v ? versionLabels.GetValueOrDefault(v) : null,
                overridden.Any(o => (o.PositionId is not null && o.PositionId == requirement.PositionId) || (o.OperationId is not null && o.OperationId == requirement.OperationId)));
        }).OrderBy(q => q.Requirement, StringComparer.Ordinal).ToList();
    }

    private sealed record Row(Guid RequirementId, string Status, DateOnly? ValidUntil, DateOnly? DueOn, Guid? BasisVersionId);
}
