using System.Globalization;
using Skillgate.Modules.Learning.Contracts;

namespace Skillgate.Modules.Points.Ledger;

/// <summary>
/// Pays the article's participation and result points for learning results: class hours for a completed course revision
/// (once per person and revision), the exam tier on a course's first passed attempt (later passes pay nothing), a passed
/// practical once per person and course; a revoked completion takes its class hours back. Attendance still under review or
/// rejected never completes a course, so it never pays.
/// </summary>
internal sealed class LearningAwards(PointsLedger ledger) : ILearningResultListener
{
    public async Task CompletedAsync(CourseCompleted completed, CancellationToken ct)
    {
        var course = completed.Course;
        await ledger.AwardAsync(new PointsLedger.Award(
            completed.EmployeeId, "class_hours", "completion", completed.CompletionId, $"completion:{course.Id}:{completed.Revision}:{completed.EmployeeId}",
            $"{course.Code} {course.Title} ({course.ClassHours.ToString("0.#", CultureInfo.InvariantCulture)} h)")
        {
            Points = course.Points > 0 ? course.Points : null,
            Hours = course.ClassHours,
        }, ct);
    }

    public Task CompletionRevokedAsync(Guid completionId, string reason, CancellationToken ct) => ledger.ReverseAsync("completion", completionId, reason, ct);

    public async Task ExamPassedAsync(ExamPassed passed, CancellationToken ct)
    {
        var course = passed.Course;
        await ledger.AwardAsync(new PointsLedger.Award(
            passed.EmployeeId, "exam", "attempt", passed.AttemptId, $"exam:{course.Id}:{passed.EmployeeId}",
            $"{course.Code} {course.Title} ({passed.Percent.ToString("0.#", CultureInfo.InvariantCulture)} %)") { Percent = passed.Percent }, ct);
    }

    public async Task PracticalPassedAsync(PracticalPassed passed, CancellationToken ct)
    {
        var course = passed.Course;
        await ledger.AwardAsync(new PointsLedger.Award(
            passed.EmployeeId, "practical", "practical", passed.PracticalId, $"practical:{course.Id}:{passed.EmployeeId}", $"{course.Code} {course.Title}"), ct);
    }
}
