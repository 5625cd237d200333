using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning.Completions;

/// <summary>
/// The completion rule of an online course: every material studied to the course's minimum percentage (when it has materials)
/// and a passed exam (when it requires one). Checked after a passed exam and after progress; the course completes once per revision.
/// </summary>
internal sealed class CompletionRules(LearningDb db, CourseCompletionService completions, TimeProvider clock)
{
    private readonly List<(Guid Course, Guid Employee)> _completed = [];

    public async Task<bool> TryCompleteAsync(Guid courseId, Guid employeeId, Guid? attemptId, CancellationToken ct)
    {
        var course = await db.CourseAsync(courseId, ct) ?? throw new InvalidOperationException($"course {courseId} not found");
        if (course.Status != CourseStatus.Published || course.Kind != CourseKind.Online ||
            await db.Set<CourseCompletion>().AnyAsync(c => c.CourseId == courseId && c.EmployeeId == employeeId && c.Revision == course.Revision, ct))
        {
            return false;
        }

        var materials = await db.Set<CourseMaterial>().Where(m => m.CourseId == courseId && m.Active).Select(m => m.Id).ToListAsync(ct);
        if (materials.Count > 0)
        {
            var studied = await (from p in db.Set<MaterialProgress>()
                                 join e in db.Set<Enrollment>() on p.EnrollmentId equals e.Id
                                 where e.CourseId == courseId && e.EmployeeId == employeeId && materials.Contains(p.MaterialId) && p.Percent >= course.MinMaterialPercent
                                 select p.MaterialId).CountAsync(ct);
            if (studied < materials.Count)
            {
                return false;
            }
        }

        if (course.RequiresExam)
        {
            attemptId ??= await (from a in db.Set<Attempt>()
                                 join p in db.Set<Paper>() on a.PaperId equals p.Id
                                 where p.CourseId == courseId && a.EmployeeId == employeeId && a.Passed == true
                                 orderby a.SubmittedAt descending
                                 select (Guid?)a.Id).FirstOrDefaultAsync(ct);
            if (attemptId is null)
            {
                return false;
            }
        }
        else if (materials.Count == 0)
        {
            return false;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await completions.CompleteAsync(courseId, employeeId, course.RequiresExam ? "exam" : "online", today, null, attemptId, null, ct);
        _completed.Add((courseId, employeeId));
        return true;
    }

    /// <summary>Once the completing transaction committed: asks the trainees for feedback.</summary>
    public async Task AfterCommitAsync(CancellationToken ct)
    {
        foreach (var (course, employee) in _completed)
        {
            await completions.AskForFeedbackAsync(course, employee, ct);
        }

        _completed.Clear();
    }
}
