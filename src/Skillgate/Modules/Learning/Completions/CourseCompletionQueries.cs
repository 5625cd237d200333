using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Completions;

/// <summary>Who completed a course (within the caller's scope), and external training recorded with its uploaded certificate.</summary>
internal sealed class CourseCompletionQueries(LearningDb db, IOrganizationDirectory organization, CourseCompletionService completions, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<CompletionDto>> ForCourseAsync(Guid courseId, CancellationToken ct)
    {
        var course = await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == courseId, ct) ?? throw new NotFoundException("course");
        var rows = await (from c in db.Set<CourseCompletion>().AsNoTracking()
                          where c.CourseId == courseId
                          orderby c.RecordedAt descending
                          select new { c, Certificate = db.Set<Certificate>().Where(x => x.CompletionId == c.Id).Select(x => (Guid?)x.Id).FirstOrDefault() }).Take(1000).ToListAsync(ct);
        var names = await EmployeeLookup.NamesAsync(db, rows.Select(r => r.c.EmployeeId), ct);
        var visible = await organization.VisibleEmployeesAsync(rows.Select(r => r.c.EmployeeId).ToList(), ct);
        return rows.Where(r => visible.Contains(r.c.EmployeeId))
            .Select(r => new CompletionDto(r.c.Id, courseId, course.Code, course.Title, r.c.EmployeeId, names.GetValueOrDefault(r.c.EmployeeId, "?"), r.c.Source, r.c.CompletedOn, r.Certificate))
            .ToList();
    }

    public async Task<CompletionDto> RecordExternalAsync(Guid courseId, ExternalCompletionInput input, CancellationToken ct)
    {
        var course = await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == courseId, ct) ?? throw new NotFoundException("course");
        var v = new Validation();
        if (course.Kind != CourseKind.External)
        {
            v.Add("courseId", t["learning.not_external"]);
        }

        if (input.CompletedOn > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            v.Add("completedOn", t["competence.future_date"]);
        }

        if (!await db.Set<StoredFile>().AnyAsync(f => f.Id == input.EvidenceFileId, ct))
        {
            v.Add("evidenceFileId", t["files.unknown"]);
        }

        v.ThrowIfInvalid();
        if (!await organization.EmployeeVisibleAsync(input.EmployeeId, ct))
        {
            throw new NotFoundException("employee");
        }

        await using var tx = await db.BeginAsync(ct);
        var (completionId, certificateId) = await completions.CompleteAsync(courseId, input.EmployeeId, "external", input.CompletedOn, input.EvidenceFileId, null, null, ct);
        await tx.CommitAsync(ct);
        await completions.AskForFeedbackAsync(courseId, input.EmployeeId, ct);
        var name = (await EmployeeLookup.NamesAsync(db, [input.EmployeeId], ct)).GetValueOrDefault(input.EmployeeId, "?");
        return new CompletionDto(completionId, courseId, course.Code, course.Title, input.EmployeeId, name, "external", input.CompletedOn, certificateId);
    }
}
