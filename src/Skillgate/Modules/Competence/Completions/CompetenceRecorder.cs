using Dapper;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Competence.Completions;

/// <summary>Records what a course proved (completions on document versions, skill assessments) and refreshes the touched statuses.</summary>
internal sealed class CompetenceRecorder(CompetenceDb db, QualificationEngine engine, AuditActor actor, TimeProvider clock) : ICompetenceRecorder
{
    /// <remarks>
    /// Everything is read before the first write, so the transaction's writes are one batched save and one status refresh.
    /// </remarks>
    public async Task RecordAsync(TrainingOutcome outcome, CancellationToken ct)
    {
        var requirements = await RequirementsAsync(outcome.DocumentVersionIds.ToArray(), outcome.Skills.Select(s => s.SkillId).ToList(), ct);
        var versions = outcome.DocumentVersionIds;
        var now = clock.GetUtcNow();
        var evidence = outcome.Evidence.Length > 500 ? outcome.Evidence[..500] : outcome.Evidence;
        foreach (var version in versions)
        {
            db.Add(new Completion
            {
                Id = Guid.CreateVersion7(), EmployeeId = outcome.EmployeeId, DocumentVersionId = version, CompletedOn = outcome.CompletedOn, Result = "passed",
                Evidence = evidence, EvidenceFileId = outcome.EvidenceFileId, RecordedAt = now, RecordedBy = actor.Current.Name, SourceId = outcome.SourceId,
            });
        }

        foreach (var skill in outcome.Skills)
        {
            db.Add(new SkillAssessment
            {
                Id = Guid.CreateVersion7(), EmployeeId = outcome.EmployeeId, SkillId = skill.SkillId, Level = skill.Level, Method = outcome.Method,
                Assessor = actor.Current.Name, AssessedOn = outcome.CompletedOn, Evidence = evidence, RecordedAt = now, SourceId = outcome.SourceId,
            });
        }

        await db.SaveChangesAsync(ct);
        if (requirements.Count > 0)
        {
            await engine.RefreshAsync([outcome.EmployeeId], requirements, ct);
        }
    }

    public async Task RevokeAsync(Guid employeeId, Guid sourceId, string reason, CancellationToken ct)
    {
        var completions = await db.Set<Completion>().Where(c => c.EmployeeId == employeeId && c.SourceId == sourceId && c.RevokedAt == null).ToListAsync(ct);
        var assessments = await db.Set<SkillAssessment>().Where(a => a.EmployeeId == employeeId && a.SourceId == sourceId && a.RevokedAt == null).ToListAsync(ct);
        var requirements = await RequirementsAsync(completions.Select(c => c.DocumentVersionId).ToArray(), assessments.Select(a => a.SkillId).ToList(), ct);
        var now = clock.GetUtcNow();
        foreach (var completion in completions)
        {
            completion.RevokedAt = now;
            completion.RevokedReason = reason;
        }

        foreach (var assessment in assessments)
        {
            assessment.RevokedAt = now;
            assessment.RevokedReason = reason;
        }

        await db.SaveChangesAsync(ct);
        if (requirements.Count > 0)
        {
            await engine.RefreshAsync([employeeId], requirements, ct);
        }
    }

    /// <summary>The active requirements on these versions' documents (or their equivalents) and on these skills, in one statement.</summary>
    private async Task<List<Guid>> RequirementsAsync(Guid[] versions, List<Guid> skills, CancellationToken ct)
    {
        var (connection, transaction) = await db.SqlAsync(ct);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            WITH d AS (SELECT document_id FROM standards.document_version_v WHERE id = ANY (@versions))
            SELECT r.id FROM competence.requirement r
            WHERE r.active AND (r.document_id IN (SELECT document_id FROM d) OR r.skill_id = ANY (@skills))
            UNION
            SELECT e.requirement_id FROM competence.requirement_equivalent e WHERE e.document_id IN (SELECT document_id FROM d)
            """, new { versions, skills = skills.ToArray() }, transaction, cancellationToken: ct))).ToList();
    }
}
