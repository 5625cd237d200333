using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Completions;

/// <summary>
/// Training completions on an exact document version and signed acknowledgements. HR records completions by
/// hand until the learning and training modules record them through this same handler.
/// </summary>
internal sealed class CompletionHandler(
    CompetenceDb db, Npgsql.NpgsqlDataSource dataSource, IOrganizationDirectory organization, IStandardsCatalog standards, QualificationEngine engine,
    ESignatureService signatures, CurrentUser me, AuditActor actor, TimeProvider clock, Texts t)
{
    public async Task<Guid> RecordAsync(CompletionInput input, CancellationToken ct)
    {
        var v = new Validation();
        var version = await standards.VersionAsync(input.DocumentVersionId, ct);
        if (version is null || version.Status is not ("effective" or "superseded" or "approved"))
        {
            v.Add("documentVersionId", t["competence.version_not_released"]);
        }

        if (input.CompletedOn > engine.Today)
        {
            v.Add("completedOn", t["competence.future_date"]);
        }

        if (input.Result is not (null or "passed" or "failed"))
        {
            v.Add("result", t["competence.result_unknown"]);
        }

        v.MaxLength("evidence", input.Evidence, 500, t["validation.max_length", 500]);
        if (input.EvidenceFileId is { } file && !await db.Set<Platform.Files.StoredFile>().AnyAsync(f => f.Id == file, ct))
        {
            v.Add("evidenceFileId", t["files.unknown"]);
        }

        v.ThrowIfInvalid();
        if (!await organization.EmployeeExistsAsync(input.EmployeeId, ct))
        {
            throw new NotFoundException("employee");
        }

        var completion = new Completion
        {
            Id = Guid.CreateVersion7(), EmployeeId = input.EmployeeId, DocumentVersionId = input.DocumentVersionId, CompletedOn = input.CompletedOn,
            Result = input.Result ?? "passed", Evidence = input.Evidence?.Trim(), EvidenceFileId = input.EvidenceFileId, RecordedAt = clock.GetUtcNow(), RecordedBy = actor.Current.Name,
        };
        await using var tx = await db.BeginAsync(ct);
        db.Add(completion);
        await db.SaveChangesAsync(ct);
        await RefreshForDocumentAsync(input.EmployeeId, version!.DocumentId, ct);
        await tx.CommitAsync(ct);
        return completion.Id;
    }

    /// <summary>The employee acknowledges the current version of a document with a signed click.</summary>
    public async Task AcknowledgeAsync(Guid documentVersionId, string? password, CancellationToken ct)
    {
        var employeeId = me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]);
        var version = await standards.VersionAsync(documentVersionId, ct);
        if (version is null || version.Status != "effective")
        {
            throw new RuleViolationException("not_effective", t["competence.version_not_effective"]);
        }

        if (await db.Set<Acknowledgement>().AnyAsync(a => a.EmployeeId == employeeId && a.DocumentVersionId == documentVersionId, ct))
        {
            return;
        }

        await using var tx = await db.BeginAsync(ct);
        var signature = await signatures.SignAsync(password, t["competence.ack_meaning", version.Label], "document_version", documentVersionId, ct);
        db.Add(new Acknowledgement { Id = Guid.CreateVersion7(), EmployeeId = employeeId, DocumentVersionId = documentVersionId, AcknowledgedAt = signature.SignedAt });
        await db.SaveChangesAsync(ct);
        await RefreshForDocumentAsync(employeeId, version.DocumentId, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Effective versions the employee's own requirements ask them to acknowledge and that they have not yet.</summary>
    public async Task<IReadOnlyList<PendingAcknowledgement>> PendingAcknowledgementsAsync(Guid employeeId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await Dapper.SqlMapper.QueryAsync<(Guid VersionId, DateOnly? DueOn)>(connection, new Dapper.CommandDefinition(
            """
            SELECT DISTINCT cv.id, q.due_on FROM competence.qualification q
            JOIN competence.requirement r ON r.id = q.requirement_id
            JOIN standards.document_version_v cv ON cv.document_id = r.document_id AND cv.status = 'effective'
            LEFT JOIN standards.document_version_v bv ON bv.id = q.basis_version_id
            WHERE q.employee_id = @employeeId
              AND ((r.kind = 'acknowledgement' AND q.status <> 'qualified')
                   OR (r.kind = 'training' AND q.due_on IS NOT NULL AND bv.document_id = r.document_id AND bv.major = cv.major AND bv.minor < cv.minor))
            """, new { employeeId }, cancellationToken: ct));
        var result = new List<PendingAcknowledgement>();
        foreach (var (versionId, dueOn) in rows)
        {
            if (await standards.VersionAsync(versionId, ct) is { } version)
            {
                result.Add(new PendingAcknowledgement(version.Id, version.Label, dueOn));
            }
        }

        return result;
    }

    private async Task RefreshForDocumentAsync(Guid employeeId, Guid documentId, CancellationToken ct)
    {
        var requirements = await db.Set<Requirement>().Where(r => r.Active && r.DocumentId == documentId).Select(r => r.Id)
            .Union(db.Set<RequirementEquivalent>().Where(e => e.DocumentId == documentId).Select(e => e.RequirementId))
            .ToListAsync(ct);
        if (requirements.Count > 0)
        {
            await engine.RefreshAsync([employeeId], requirements, ct);
        }
    }
}
