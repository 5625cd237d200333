using Dapper;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Completions;

/// <summary>
/// Completes a course for an employee, whatever proved it (exam, practical sign-off, classroom attendance, external certificate):
/// the competence module records training on the course's document versions and the skill levels, and a certificate is issued.
/// Runs inside the caller's transaction.
/// </summary>
internal sealed class CourseCompletionService(
    LearningDb db, ICompetenceRecorder competence, ICreditsStandingRefresh creditStandings, IEnumerable<ILearningResultListener> listeners,
    NotificationService notifications, AuditActor actor, TimeProvider clock, Texts t) : ICourseCompletions
{
    public async Task<Guid> CompleteAsync(Guid courseId, Guid employeeId, string source, DateOnly completedOn, Guid? evidenceFileId, CancellationToken ct) =>
        (await CompleteAsync(courseId, employeeId, source, completedOn, evidenceFileId, null, null, ct)).CompletionId;

    public async Task<(Guid CompletionId, Guid CertificateId)> CompleteAsync(
        Guid courseId, Guid employeeId, string source, DateOnly completedOn, Guid? evidenceFileId, Guid? attemptId, Guid? practicalId, CancellationToken ct)
    {
        var course = await db.CourseAsync(courseId, ct) ?? throw new NotFoundException("course");
        if (course.Status != CourseStatus.Published)
        {
            throw new RuleViolationException("course_not_published", t["learning.course_not_published"]);
        }

        var (versions, skills, sequence) = await CourseOutcomesAsync(courseId, ct);
        var enrollment = await db.Set<Enrollment>().FirstOrDefaultAsync(e => e.CourseId == courseId && e.EmployeeId == employeeId, ct);
        var now = clock.GetUtcNow();
        var completion = new CourseCompletion
        {
            Id = Guid.CreateVersion7(), CourseId = courseId, Revision = course.Revision, EmployeeId = employeeId, Source = source, CompletedOn = completedOn,
            AttemptId = attemptId, PracticalId = practicalId, EvidenceFileId = evidenceFileId, RecordedBy = actor.Current.Name, RecordedAt = now,
        };
        db.Add(completion);
        if (enrollment is not null && enrollment.Status != "completed")
        {
            enrollment.Status = "completed";
            enrollment.CompletedAt = now;
        }

        var certificate = new Certificate
        {
            Id = Guid.CreateVersion7(), Number = CertificateNumber.Create(completedOn.Year, sequence), CompletionId = completion.Id, CourseId = courseId,
            EmployeeId = employeeId, IssuedOn = completedOn, ValidUntil = course.CertificateMonths is { } months ? completedOn.AddMonths(months) : null,
        };
        db.Add(certificate);
        await competence.RecordAsync(new TrainingOutcome(
            employeeId, completedOn, versions, skills, source == "practical" ? "practical" : "exam", $"{course.Code} ({t[LearningVocabularies.CompletionSource, source]})", evidenceFileId, completion.Id), ct);
        foreach (var listener in listeners)
        {
            await listener.CompletedAsync(new CourseCompleted(completion.Id, Learned(course), course.Revision, employeeId, source, now), ct);
        }

        await RefreshCreditsAsync(course, employeeId, ct);

        return (completion.Id, certificate.Id);
    }

    public async Task RevokeAsync(Guid completionId, string reason, CancellationToken ct)
    {
        var completion = await db.Set<CourseCompletion>().FirstOrDefaultAsync(c => c.Id == completionId, ct) ?? throw new NotFoundException("completion");
        if (completion.RevokedAt is not null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        completion.RevokedAt = now;
        completion.RevokedReason = reason;
        foreach (var certificate in await db.Set<Certificate>().Where(c => c.CompletionId == completionId && c.RevokedAt == null).ToListAsync(ct))
        {
            certificate.RevokedAt = now;
            certificate.RevokedReason = reason;
        }

        await competence.RevokeAsync(completion.EmployeeId, completionId, reason, ct);
        foreach (var listener in listeners)
        {
            await listener.CompletionRevokedAsync(completionId, reason, ct);
        }

        await RefreshCreditsAsync((await db.CourseAsync(completion.CourseId, ct))!, completion.EmployeeId, ct);
    }

    /// <summary>
    /// A course with credits changes the person's year: the completion (or its revocation) is written first, since the credits
    /// requirements are judged on the stored completions.
    /// </summary>
    private async Task RefreshCreditsAsync(Course course, Guid employeeId, CancellationToken ct)
    {
        if (course.Credits is null)
        {
            return;
        }

        await db.SaveChangesAsync(ct);
        await creditStandings.RefreshAsync([employeeId], ct);
    }

    /// <summary>Tells the listeners of a passed exam attempt, in the grading transaction.</summary>
    public async Task ExamPassedAsync(Guid attemptId, Guid courseId, Guid employeeId, decimal percent, CancellationToken ct)
    {
        var course = Learned((await db.CourseAsync(courseId, ct))!);
        foreach (var listener in listeners)
        {
            await listener.ExamPassedAsync(new ExamPassed(attemptId, course, employeeId, percent, clock.GetUtcNow()), ct);
        }
    }

    /// <summary>Tells the listeners of a practical signed off, in the signing transaction.</summary>
    public async Task PracticalPassedAsync(Guid practicalId, Guid courseId, Guid employeeId, CancellationToken ct)
    {
        var course = Learned((await db.CourseAsync(courseId, ct))!);
        foreach (var listener in listeners)
        {
            await listener.PracticalPassedAsync(new PracticalPassed(practicalId, course, employeeId, clock.GetUtcNow()), ct);
        }
    }

    /// <summary>After the completion committed: asks the trainee for their feedback on the course (once).</summary>
    public async Task AskForFeedbackAsync(Guid courseId, Guid employeeId, CancellationToken ct)
    {
        var title = (await db.CourseAsync(courseId, ct))!.Title;
        var (connection, _) = await db.SqlAsync(ct);
        await notifications.SendToEmployeeAsync(connection, null, employeeId, "feedback", () => (t["learning.feedback_request", title], t["learning.feedback_body"]),
            $"/Learning/Feedback?courseId={courseId}", $"feedback:{courseId}", ct);
    }

    /// <summary>What completing the course proves (its document versions and skill levels) and the next certificate number, in one round trip.</summary>
    private async Task<(List<Guid> Versions, List<SkillOutcome> Skills, long Sequence)> CourseOutcomesAsync(Guid courseId, CancellationToken ct)
    {
        var (connection, transaction) = await db.SqlAsync(ct);
        await using var read = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT document_version_id FROM learning.course_document WHERE course_id = @courseId;
            SELECT skill_id AS SkillId, level AS Level FROM learning.course_skill WHERE course_id = @courseId;
            SELECT nextval('learning.certificate_seq');
            """, new { courseId }, transaction, cancellationToken: ct));
        var versions = (await read.ReadAsync<Guid>()).ToList();
        var skills = (await read.ReadAsync<(Guid SkillId, int Level)>()).Select(s => new SkillOutcome(s.SkillId, s.Level)).ToList();
        return (versions, skills, await read.ReadSingleAsync<long>());
    }

    private static LearnedCourse Learned(Course course) => new(course.Id, course.Code, course.Title, course.ClassHours, course.Points);
}
