using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Feedback;

/// <summary>Kirkpatrick level 1: after completing a course the trainee rates content, instructor and applicability once.</summary>
internal sealed class FeedbackHandler(LearningDb db, CurrentUser me, TimeProvider clock, Texts t)
{
    public async Task<FeedbackDto> GiveAsync(FeedbackInput input, CancellationToken ct)
    {
        var employeeId = me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]);
        var v = new Validation();
        foreach (var (field, value) in new[] { ("content", (int?)input.Content), ("instructor", input.Instructor), ("applicability", (int?)input.Applicability) })
        {
            if (value is < 1 or > 5)
            {
                v.Add(field, t["learning.rating_range"]);
            }
        }

        v.MaxLength("comment", input.Comment, 1000, t["validation.max_length", 1000]);
        if (input.InstructorId is { } instructor &&
            !await db.Set<InstructorCourse>().AnyAsync(ic => ic.InstructorId == instructor && ic.CourseId == input.CourseId, ct))
        {
            v.Add("instructorId", t["learning.instructor_not_on_course"]);
        }

        if (input.InstructorId is null && input.Instructor is not null)
        {
            v.Add("instructorId", t["validation.required"]);
        }

        v.ThrowIfInvalid();
        if (!await db.Set<Course>().AnyAsync(c => c.Id == input.CourseId, ct))
        {
            throw new NotFoundException("course");
        }

        if (!await db.Set<CourseCompletion>().AnyAsync(c => c.CourseId == input.CourseId && c.EmployeeId == employeeId, ct))
        {
            throw new RuleViolationException("not_completed", t["learning.feedback_not_completed"]);
        }

        if (await db.Set<Domain.Feedback>().AnyAsync(f => f.CourseId == input.CourseId && f.EmployeeId == employeeId, ct))
        {
            throw new RuleViolationException("feedback_given", t["learning.feedback_given"]);
        }

        var feedback = new Domain.Feedback
        {
            Id = Guid.CreateVersion7(), CourseId = input.CourseId, EmployeeId = employeeId, InstructorId = input.InstructorId, ContentRating = input.Content,
            InstructorRating = input.Instructor, ApplicabilityRating = input.Applicability, Comment = input.Comment?.Trim(), CreatedAt = clock.GetUtcNow(),
        };
        db.Add(feedback);
        await db.SaveChangesAsync(ct);
        return ToDto(feedback);
    }

    public async Task<IReadOnlyList<FeedbackDto>> ForCourseAsync(Guid courseId, CancellationToken ct) =>
        (await db.Set<Domain.Feedback>().AsNoTracking().Where(f => f.CourseId == courseId).OrderByDescending(f => f.CreatedAt).Take(500).ToListAsync(ct)).Select(ToDto).ToList();

    private static FeedbackDto ToDto(Domain.Feedback f) =>
        new(f.Id, f.CourseId, f.InstructorId, f.ContentRating, f.InstructorRating, f.ApplicabilityRating, f.Comment, f.CreatedAt);
}
