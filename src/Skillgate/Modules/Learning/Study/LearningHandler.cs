using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Study;

/// <summary>
/// Online learning: assignments (by HR or a department head, within their scope) and self-enrolment, progress per material
/// (video watched %, document pages read) that never goes back, and the course completing once its rule holds.
/// </summary>
internal sealed class LearningHandler(
    LearningDb db, NpgsqlDataSource dataSource, IOrganizationDirectory organization, CompletionRules rules, CertificateQueries certificates, Recommendations.RecommendationQueries recommendations,
    CurrentUser me, AuditActor actor, NotificationService notifications, TimeProvider clock, Texts t)
{
    public async Task EnrollAsync(Guid courseId, EnrollInput input, CancellationToken ct)
    {
        await PublishedAsync(courseId, ct);
        var ids = (input.EmployeeIds ?? []).Distinct().ToList();
        if (ids.Count is 0 or > 1000)
        {
            new Validation().Add("employeeIds", t["learning.employees_required"]).ThrowIfInvalid();
        }

        if ((await organization.VisibleEmployeesAsync(ids, ct)).Count != ids.Count)
        {
            throw new NotFoundException("employee");
        }

        var existing = await db.Set<Enrollment>().Where(e => e.CourseId == courseId && ids.Contains(e.EmployeeId)).ToListAsync(ct);
        foreach (var e in existing)
        {
            e.DueOn = input.DueOn ?? e.DueOn;
        }

        var now = clock.GetUtcNow();
        var added = ids.Except(existing.Select(e => e.EmployeeId)).ToArray();
        db.AddRange(added.Select(id => new Enrollment
        {
            Id = Guid.CreateVersion7(now), CourseId = courseId, EmployeeId = id, Source = "assigned", AssignedBy = actor.Current.Name, DueOn = input.DueOn, CreatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        var title = await db.Set<Course>().Where(c => c.Id == courseId).Select(c => c.Title).FirstAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var users = (await connection.QueryAsync<Guid>(new CommandDefinition("SELECT id FROM auth.app_user WHERE employee_id = ANY(@added) AND active", new { added }, cancellationToken: ct))).ToList();
        await notifications.SendAsync(connection, null, users, u => u, u => new NotificationService.Outgoing(
            u, "course_assigned", t["learning.assigned", title],
            input.DueOn is { } due ? t["learning.assigned_due", due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)].Value : "",
            $"/Learning/Study?courseId={courseId}", $"assigned:{courseId}"), ct);
    }

    public async Task EnrollSelfAsync(Guid courseId, CancellationToken ct)
    {
        var employeeId = Me();
        await PublishedAsync(courseId, ct);
        if (await db.Set<Enrollment>().AnyAsync(e => e.CourseId == courseId && e.EmployeeId == employeeId, ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        db.Add(new Enrollment { Id = Guid.CreateVersion7(now), CourseId = courseId, EmployeeId = employeeId, Source = "self", AssignedBy = actor.Current.Name, CreatedAt = now });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<MaterialProgressDto>> ProgressAsync(Guid courseId, CancellationToken ct)
    {
        var employeeId = Me();
        return await (from p in db.Set<MaterialProgress>()
                      join e in db.Set<Enrollment>() on p.EnrollmentId equals e.Id
                      where e.CourseId == courseId && e.EmployeeId == employeeId
                      select new MaterialProgressDto(p.MaterialId, p.Percent, p.Position)).ToListAsync(ct);
    }

    /// <summary>Records how far the learner got in a material (never less than before) and completes the course when its rule holds.</summary>
    public async Task SaveProgressAsync(Guid courseId, ProgressInput input, CancellationToken ct)
    {
        var employeeId = Me();
        var v = new Validation();
        if (input.Percent is < 0 or > 100)
        {
            v.Add("percent", t["learning.percent_range"]);
        }

        if (input.Position < 0)
        {
            v.Add("position", t["learning.position_invalid"]);
        }

        v.ThrowIfInvalid();
        await PublishedAsync(courseId, ct);
        if (!await db.Set<CourseMaterial>().AnyAsync(m => m.Id == input.MaterialId && m.CourseId == courseId && m.Active, ct))
        {
            throw new NotFoundException("material");
        }

        var enrollment = await db.Set<Enrollment>().FirstOrDefaultAsync(e => e.CourseId == courseId && e.EmployeeId == employeeId, ct)
            ?? throw new RuleViolationException("not_enrolled", t["learning.not_enrolled"]);
        var now = clock.GetUtcNow();
        var progress = await db.Set<MaterialProgress>().FirstOrDefaultAsync(p => p.EnrollmentId == enrollment.Id && p.MaterialId == input.MaterialId, ct);
        if (progress is null)
        {
            db.Add(progress = new MaterialProgress { EnrollmentId = enrollment.Id, MaterialId = input.MaterialId });
        }

        progress.Percent = Math.Max(progress.Percent, input.Percent);
        progress.Position = input.Position;
        progress.UpdatedAt = now;
        enrollment.LastMaterialId = input.MaterialId;
        await using var tx = await db.BeginAsync(ct);
        await db.SaveChangesAsync(ct);
        await rules.TryCompleteAsync(courseId, employeeId, null, ct);
        await tx.CommitAsync(ct);
        await rules.AfterCommitAsync(ct);
    }

    /// <summary>The learner's page: assigned and self-chosen courses with progress, recommended courses, certificates.</summary>
    public async Task<MyLearning> MineAsync(CancellationToken ct)
    {
        var employeeId = Me();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var items = (await connection.QueryAsync<ItemRow>(new CommandDefinition(
            """
            SELECT c.id AS CourseId, c.code AS Code, c.title AS Title, c.kind AS Kind, e.source AS Source, e.due_on AS DueOn, e.last_material_id AS LastMaterialId,
                   e.status AS Status,
                   coalesce((SELECT round(avg(coalesce(p.percent, 0)))::int FROM learning.course_material m
                             LEFT JOIN learning.material_progress p ON p.material_id = m.id AND p.enrollment_id = e.id
                             WHERE m.course_id = c.id AND m.active), 100) AS Progress,
                   NOT EXISTS (SELECT 1 FROM learning.course_material m LEFT JOIN learning.material_progress p ON p.material_id = m.id AND p.enrollment_id = e.id
                               WHERE m.course_id = c.id AND m.active AND coalesce(p.percent, 0) < c.min_material_percent) AS MaterialsDone,
                   EXISTS (SELECT 1 FROM learning.attempt a JOIN learning.paper pp ON pp.id = a.paper_id WHERE pp.course_id = c.id AND a.employee_id = e.employee_id AND a.passed) AS ExamPassed,
                   (SELECT a.id FROM learning.attempt a JOIN learning.paper pp ON pp.id = a.paper_id WHERE pp.course_id = c.id AND a.employee_id = e.employee_id AND a.status = 'in_progress' LIMIT 1) AS OpenAttemptId,
                   (SELECT pp.id FROM learning.paper pp WHERE pp.course_id = c.id AND pp.active ORDER BY pp.created_at LIMIT 1) AS PaperId,
                   (SELECT count(*)::int FROM learning.attempt a JOIN learning.paper pp ON pp.id = a.paper_id WHERE pp.course_id = c.id AND pp.active AND a.employee_id = e.employee_id) AS AttemptsUsed,
                   coalesce((SELECT pp.attempts_allowed FROM learning.paper pp WHERE pp.course_id = c.id AND pp.active ORDER BY pp.created_at LIMIT 1), 0) AS AttemptsAllowed,
                   (SELECT x.id FROM learning.certificate x WHERE x.course_id = c.id AND x.employee_id = e.employee_id AND x.revoked_at IS NULL ORDER BY x.issued_on DESC LIMIT 1) AS CertificateId,
                   EXISTS (SELECT 1 FROM learning.feedback f WHERE f.course_id = c.id AND f.employee_id = e.employee_id) AS FeedbackGiven
            FROM learning.enrollment e JOIN learning.course c ON c.id = e.course_id
            WHERE e.employee_id = @employeeId AND c.status = 'published'
            ORDER BY e.status DESC, e.due_on NULLS LAST, c.code
            """, new { employeeId }, cancellationToken: ct))).ToList();
        return new MyLearning(items.Select(i => i.ToDto()).ToList(), await recommendations.ForEmployeeAsync(employeeId, ct), await certificates.ForEmployeeAsync(employeeId, ct));
    }

    private async Task PublishedAsync(Guid courseId, CancellationToken ct)
    {
        var status = await db.Set<Course>().Where(c => c.Id == courseId).Select(c => c.Status).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("course");
        if (status != CourseStatus.Published)
        {
            throw new RuleViolationException("course_not_published", t["learning.course_not_published"]);
        }
    }

    private Guid Me() => me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]);

    private sealed class ItemRow
    {
        public Guid CourseId { get; init; }

        public string Code { get; init; } = "";

        public string Title { get; init; } = "";

        public string Kind { get; init; } = "";

        public string Source { get; init; } = "";

        public DateOnly? DueOn { get; init; }

        public Guid? LastMaterialId { get; init; }

        public string Status { get; init; } = "";

        public int Progress { get; init; }

        public bool MaterialsDone { get; init; }

        public bool ExamPassed { get; init; }

        public Guid? OpenAttemptId { get; init; }

        public Guid? PaperId { get; init; }

        public int AttemptsUsed { get; init; }

        public int AttemptsAllowed { get; init; }

        public Guid? CertificateId { get; init; }

        public bool FeedbackGiven { get; init; }

        public LearningItem ToDto() => new(
            CourseId, Code, Title, Kind, Source, DueOn, Progress, MaterialsDone, ExamPassed, Status, OpenAttemptId, PaperId, AttemptsUsed, AttemptsAllowed, CertificateId,
            FeedbackGiven, LastMaterialId);
    }
}
