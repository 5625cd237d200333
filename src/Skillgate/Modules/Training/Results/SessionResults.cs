using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Results;

/// <summary>
/// Turns a session's attendance evidence into course completions by <see cref="AttendanceCounting"/>: when the session closes
/// (the clean attendees complete at once, the others wait for review or do not complete), and again whenever HR reviews a flag
/// or revokes attendance afterwards — an accepted flag completes the person then, a rejected one revokes a completion already
/// recorded. Runs inside the caller's transaction.
/// </summary>
internal sealed class SessionResults(TrainingDb db, ICourseCatalog courses, ICourseCompletions completions, TimeProvider clock)
{
    public async Task<AttendanceCounting.Rule> RuleAsync(Guid courseId, CancellationToken ct) =>
        RuleOf(await db.Set<AttendanceRule>().AsNoTracking().FirstOrDefaultAsync(r => r.CourseId == courseId, ct));

    /// <summary>A course's stored rule, or the defaults when it has none.</summary>
    public static AttendanceCounting.Rule RuleOf(AttendanceRule? rule) =>
        rule is null
            ? AttendanceCounting.Rule.Default
            : new AttendanceCounting.Rule(rule.RequireCheckOut, rule.MinPresencePercent, rule.BlockingFlags.ToHashSet(StringComparer.Ordinal));

    /// <summary>Decides for everyone invited or recorded when the session closes.</summary>
    public async Task<CloseResult> DecideAllAsync(Session session, CancellationToken ct)
    {
        var verdicts = await JudgeAsync(session, null, ct);
        var now = clock.GetUtcNow();
        var day = DateOnly.FromDateTime(session.EndsAt.UtcDateTime);

        // In employee order: completing pays points under a lock per person, and two closes taking the same people in the same order cannot deadlock.
        foreach (var (employee, verdict) in verdicts.OrderBy(v => v.Key))
        {
            var result = new SessionResult { SessionId = session.Id, EmployeeId = employee, Status = verdict.Status, Reasons = [.. verdict.Reasons], DecidedAt = now };
            if (verdict.Status == AttendanceCounting.Completed)
            {
                result.CompletionId = await completions.CompleteAsync(session.CourseId, employee, "classroom", day, null, ct);
            }

            db.Add(result);
        }

        await db.SaveChangesAsync(ct);
        return new CloseResult(
            verdicts.Values.Count(v => v.Status == AttendanceCounting.Completed),
            verdicts.Values.Count(v => v.Status == AttendanceCounting.PendingReview),
            verdicts.Values.Count(v => v.Status == AttendanceCounting.NotCompleted));
    }

    /// <summary>
    /// Decides again for these people of a closed session (after a review or a revocation): completes those now counted,
    /// revokes the completion of those no longer counted (with the reason given), and records who still waits.
    /// </summary>
    public async Task ReconsiderAsync(Guid sessionId, IReadOnlyCollection<Guid>? employees, string reason, CancellationToken ct)
    {
        var session = await db.Set<Session>().AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        if (session.Status != SessionStatus.Closed)
        {
            return;
        }

        var verdicts = await JudgeAsync(session, employees, ct);
        var results = await db.Set<SessionResult>().Where(r => r.SessionId == sessionId).ToDictionaryAsync(r => r.EmployeeId, ct);
        var now = clock.GetUtcNow();
        foreach (var (employee, verdict) in verdicts)
        {
            if (!results.TryGetValue(employee, out var result))
            {
                result = new SessionResult { SessionId = sessionId, EmployeeId = employee, Status = AttendanceCounting.NotCompleted, DecidedAt = now };
                db.Add(result);
            }

            if (result.Status == AttendanceCounting.Revoked)
            {
                continue;
            }

            if (verdict.Status == AttendanceCounting.Completed && result.Status != AttendanceCounting.Completed)
            {
                result.CompletionId = await completions.CompleteAsync(session.CourseId, employee, "classroom", DateOnly.FromDateTime(session.EndsAt.UtcDateTime), null, ct);
                Decide(result, AttendanceCounting.Completed, [], now);
            }
            else if (verdict.Status != AttendanceCounting.Completed && result.Status == AttendanceCounting.Completed)
            {
                await completions.RevokeAsync(result.CompletionId!.Value, reason, ct);
                Decide(result, AttendanceCounting.Revoked, verdict.Reasons, now);
            }
            else if (verdict.Status != result.Status || !verdict.Reasons.SequenceEqual(result.Reasons))
            {
                Decide(result, verdict.Status, verdict.Reasons, now);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static void Decide(SessionResult result, string status, IReadOnlyList<string> reasons, DateTimeOffset now)
    {
        result.Status = status;
        result.Reasons = [.. reasons];
        result.DecidedAt = now;
        result.Version++;
    }

    /// <summary>The verdict for each person invited (or, when named, each of those) and each person with attendance records.</summary>
    private async Task<Dictionary<Guid, AttendanceCounting.Verdict>> JudgeAsync(Session session, IReadOnlyCollection<Guid>? only, CancellationToken ct)
    {
        var course = await courses.CourseAsync(session.CourseId, ct) ?? throw new InvalidOperationException("the session's course is gone");
        var rule = await RuleAsync(session.CourseId, ct);
        var records = await db.Set<AttendanceRecord>().AsNoTracking().Where(a => a.SessionId == session.Id).ToListAsync(ct);
        var invited = await db.Set<Participant>().Where(p => p.SessionId == session.Id && p.Status == "invited").Select(p => p.EmployeeId).ToListAsync(ct);
        var photos = await db.Set<SessionPhoto>().AsNoTracking().Where(p => p.SessionId == session.Id).ToListAsync(ct);
        var recordIds = records.Select(r => r.Id).Concat(photos.Select(p => p.Id)).ToList();
        var reviews = (await db.Set<AnomalyReview>().AsNoTracking().Where(r => recordIds.Contains(r.RecordId)).ToListAsync(ct))
            .ToDictionary(r => (r.RecordId, r.Flag), r => r.Decision);
        var photoFlags = photos.SelectMany(p => p.Flags.Select(f => new AttendanceCounting.Flag(f, reviews.GetValueOrDefault((p.Id, f))))).ToList();
        var byPerson = records.ToLookup(r => r.EmployeeId);
        var people = invited.Concat(records.Select(r => r.EmployeeId)).Distinct().Where(e => only is null || only.Contains(e));
        var verdicts = new Dictionary<Guid, AttendanceCounting.Verdict>();
        foreach (var employee in people)
        {
            var mine = byPerson[employee]
                .Select(r => new AttendanceCounting.Record(r.Kind, r.At, r.Flags.Select(f => new AttendanceCounting.Flag(f, reviews.GetValueOrDefault((r.Id, f)))).ToList(), r.RevokedAt is not null))
                .ToList();
            var examPassed = course.RequiresExam && await courses.ExamPassedAsync(course.Id, employee, ct);
            verdicts[employee] = AttendanceCounting.Judge(rule, new AttendanceCounting.Facts(session.StartsAt, session.EndsAt, course.RequiresExam, examPassed, mine, photoFlags));
        }

        return verdicts;
    }
}
