using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Courses;

/// <summary>
/// A course's way to publication: draft → in QA review → published (approved with an electronic signature by QA, never the
/// author) → retired; a returned course goes back to draft with the reviewer's comment; reopening starts the next revision.
/// </summary>
internal sealed class CourseReviewFlow(LearningDb db, ESignatureService signatures, CurrentUser me, TimeProvider clock, Texts t)
{
    public async Task SubmitAsync(Guid id, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        if (course.Status != CourseStatus.Draft)
        {
            throw new RuleViolationException("course_not_draft", t["learning.course_not_draft"]);
        }

        course.Status = CourseStatus.InReview;
        AddReview(course, "submitted", null, null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>QA sends a course in review back to draft; the comment stays visible to the author.</summary>
    public async Task ReturnAsync(Guid id, ReturnInput input, CancellationToken ct)
    {
        var course = await InReviewAsync(id, ct);
        var v = new Validation();
        v.Require("comment", input.Comment, t["learning.comment_required"]).MaxLength("comment", input.Comment, 2000, t["validation.max_length", 2000]);
        v.ThrowIfInvalid();
        course.Status = CourseStatus.Draft;
        AddReview(course, "returned", input.Comment!.Trim(), null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>QA approves with an electronic signature; the author can never approve their own course.</summary>
    public async Task ApproveAsync(Guid id, ApproveInput input, CancellationToken ct)
    {
        var course = await InReviewAsync(id, ct);
        if (course.AuthorId == me.UserId)
        {
            throw new RuleViolationException("author_cannot_approve", t["learning.author_cannot_approve"]);
        }

        new Validation().MaxLength("comment", input.Comment, 2000, t["validation.max_length", 2000]).ThrowIfInvalid();
        var signature = await signatures.SignAsync(input.Password, input.Meaning, "course", course.Id, ct);
        course.Status = CourseStatus.Published;
        course.PublishedBy = signature.UserId;
        course.PublishedAt = signature.SignedAt;
        AddReview(course, "approved", input.Comment?.Trim(), signature.Id);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Starts the next revision of a published course: it goes back to draft and must pass QA review again.</summary>
    public async Task ReopenAsync(Guid id, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        if (course.Status != CourseStatus.Published)
        {
            throw new RuleViolationException("course_not_published", t["learning.course_not_published"]);
        }

        course.Revision++;
        course.Status = CourseStatus.Draft;
        AddReview(course, "reopened", null, null);
        await db.SaveChangesAsync(ct);
    }

    public async Task RetireAsync(Guid id, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        if (course.Status == CourseStatus.Retired)
        {
            return;
        }

        course.Status = CourseStatus.Retired;
        AddReview(course, "retired", null, null);
        await db.SaveChangesAsync(ct);
    }

    private void AddReview(Course course, string action, string? comment, Guid? signatureId) =>
        db.Add(new CourseReview
        {
            Id = Guid.CreateVersion7(), CourseId = course.Id, Revision = course.Revision, Action = action, Comment = comment,
            UserId = me.UserId ?? throw new RuleViolationException("signature_needs_person", t["signature.needs_person"]), SignatureId = signatureId, At = clock.GetUtcNow(),
        });

    private async Task<Course> InReviewAsync(Guid id, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        return course.Status == CourseStatus.InReview ? course : throw new RuleViolationException("course_not_in_review", t["learning.course_not_in_review"]);
    }
}
