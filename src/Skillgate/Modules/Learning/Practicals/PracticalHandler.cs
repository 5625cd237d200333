using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Practicals;

/// <summary>
/// Practical and on-the-job qualification: read → observe → perform → sign-off. Perform and sign-off are done by a qualified
/// evaluator — an instructor who may teach the course, or a department head whose scope covers the employee — on a tablet,
/// with evidence photos; the sign-off carries an electronic signature and completes the course.
/// </summary>
internal sealed class PracticalHandler(
    LearningDb db, IOrganizationDirectory organization, ESignatureService signatures, CourseCompletionService completions, CurrentUser me, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<PracticalDto>> ListAsync(bool openOnly, CancellationToken ct)
    {
        var ids = await db.Set<Practical>().Where(p => !openOnly || p.SignedOffAt == null).OrderByDescending(p => p.CreatedAt).Select(p => new { p.Id, p.EmployeeId }).Take(300).ToListAsync(ct);
        var visible = await organization.VisibleEmployeesAsync(ids.Select(p => p.EmployeeId).ToList(), ct);
        var result = new List<PracticalDto>();
        foreach (var p in ids.Where(p => visible.Contains(p.EmployeeId)))
        {
            result.Add(await ReadAsync(p.Id, ct));
        }

        return result;
    }

    public async Task<PracticalDto> StartAsync(PracticalStart input, CancellationToken ct)
    {
        var course = await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == input.CourseId, ct) ?? throw new NotFoundException("course");
        if (course.Status != CourseStatus.Published)
        {
            throw new RuleViolationException("course_not_published", t["learning.course_not_published"]);
        }

        if (course.Kind is not (CourseKind.Practical or CourseKind.OnTheJob))
        {
            throw new RuleViolationException("not_practical", t["learning.not_practical"]);
        }

        if (!await organization.EmployeeVisibleAsync(input.EmployeeId, ct))
        {
            throw new NotFoundException("employee");
        }

        var open = await db.Set<Practical>().FirstOrDefaultAsync(p => p.CourseId == input.CourseId && p.EmployeeId == input.EmployeeId && p.SignedOffAt == null, ct);
        if (open is not null)
        {
            return await ReadAsync(open.Id, ct);
        }

        var practical = new Practical { Id = Guid.CreateVersion7(), CourseId = input.CourseId, EmployeeId = input.EmployeeId, CreatedAt = clock.GetUtcNow() };
        db.Add(practical);
        await db.SaveChangesAsync(ct);
        return await ReadAsync(practical.Id, ct);
    }

    public async Task<PracticalDto> GetAsync(Guid id, CancellationToken ct)
    {
        var practical = await db.Set<Practical>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("practical");
        return practical.EmployeeId == me.EmployeeId || await organization.EmployeeVisibleAsync(practical.EmployeeId, ct)
            ? await ReadAsync(id, ct)
            : throw new NotFoundException("practical");
    }

    public async Task<PracticalDto> StepAsync(Guid id, PracticalStepInput input, CancellationToken ct)
    {
        var practical = await db.Set<Practical>().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("practical");
        if (!await organization.EmployeeVisibleAsync(practical.EmployeeId, ct))
        {
            throw new NotFoundException("practical");
        }

        if (input.Step != practical.Step)
        {
            throw new RuleViolationException("step_order", t["learning.step_order", t[LearningVocabularies.PracticalStep, practical.Step]]);
        }

        var v = new Validation();
        v.MaxLength("note", input.Note, 1000, t["validation.max_length", 1000]);
        var evidence = (input.EvidenceFileIds ?? []).Distinct().ToList();
        if (evidence.Count > 10 || await db.Set<StoredFile>().CountAsync(f => evidence.Contains(f.Id) && FileKinds.Images.Contains(f.ContentType), ct) != evidence.Count)
        {
            v.Add("evidenceFileIds", t["learning.evidence_invalid"]);
        }

        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        if (input.Note is { Length: > 0 } note)
        {
            practical.Note = note.Trim();
        }

        practical.EvidenceFileIds = [.. practical.EvidenceFileIds.Union(evidence)];
        await using var tx = await db.BeginAsync(ct);
        switch (practical.Step)
        {
            case "read":
                practical.ReadAt = now;
                break;
            case "observe":
                practical.ObservedAt = now;
                practical.ObservedBy = me.Name;
                break;
            case "perform":
                await EnsureQualifiedEvaluatorAsync(practical, ct);
                practical.PerformedAt = now;
                practical.PerformedBy = me.UserId;
                break;
            default:
                await EnsureQualifiedEvaluatorAsync(practical, ct);
                var signature = await signatures.SignAsync(input.Password, input.Meaning, "practical", practical.Id, ct);
                practical.SignedOffAt = signature.SignedAt;
                practical.SignedOffBy = signature.UserId;
                practical.SignatureId = signature.Id;
                await db.SaveChangesAsync(ct);
                await completions.CompleteAsync(practical.CourseId, practical.EmployeeId, "practical", DateOnly.FromDateTime(now.UtcDateTime), evidence.FirstOrDefault() is var f && f != Guid.Empty ? f : null, null, practical.Id, ct);
                await completions.PracticalPassedAsync(practical.Id, practical.CourseId, practical.EmployeeId, ct);
                break;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (practical.SignedOffAt is not null)
        {
            await completions.AskForFeedbackAsync(practical.CourseId, practical.EmployeeId, ct);
        }

        return await ReadAsync(id, ct);
    }

    /// <summary>An instructor who may teach this course, or a department head whose data scope covers the employee.</summary>
    private async Task EnsureQualifiedEvaluatorAsync(Practical practical, CancellationToken ct)
    {
        var instructor = me.EmployeeId is { } mine && me.IsInRole(Roles.Instructor) && await (from i in db.Set<Instructor>()
                                                                                              join ic in db.Set<InstructorCourse>() on i.Id equals ic.InstructorId
                                                                                              where i.EmployeeId == mine && i.Active && ic.CourseId == practical.CourseId
                                                                                              select i.Id).AnyAsync(ct);
        // StepAsync has already refused employees outside the caller's scope.
        var head = me.IsInRole(Roles.DepartmentHead);
        if (!instructor && !head)
        {
            throw new RuleViolationException("not_qualified_evaluator", t["learning.not_qualified_evaluator"]);
        }
    }

    private async Task<PracticalDto> ReadAsync(Guid id, CancellationToken ct)
    {
        var p = await db.Set<Practical>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var course = await db.Set<Course>().Where(c => c.Id == p.CourseId).Select(c => c.Title).FirstAsync(ct);
        var employee = await db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM org.employee_v WHERE id = {p.EmployeeId}").FirstAsync(ct);
        var users = new[] { p.PerformedBy ?? Guid.Empty, p.SignedOffBy ?? Guid.Empty };
        var names = await db.Set<AppUser>().Where(u => users.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return new PracticalDto(
            p.Id, p.CourseId, course, p.EmployeeId, employee, p.ReadAt, p.ObservedAt, p.ObservedBy, p.PerformedAt, p.PerformedBy is { } pb ? names.GetValueOrDefault(pb) : null,
            p.SignedOffAt, p.SignedOffBy is { } sb ? names.GetValueOrDefault(sb) : null, p.EvidenceFileIds, p.Note, p.Step);
    }
}
