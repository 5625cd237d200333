using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Results;

/// <summary>
/// HR's decisions on attendance evidence where the session is: revoking an attendance record (its completion is revoked with
/// it), accepting every open flag of a session at once, and each course's rules for which attendance counts.
/// </summary>
internal sealed class ResultHandler(
    TrainingDb db, SessionResults results, IOrganizationDirectory organization, ICourseCatalog courses, DataScope scope, Platform.Audit.AuditActor actor, TimeProvider clock, Texts t)
{
    public async Task RevokeAttendanceAsync(Guid attendanceId, RevokeAttendanceInput input, CancellationToken ct)
    {
        new Validation().Require("reason", input.Reason, t["training.reason_required"]).MaxLength("reason", input.Reason, 500, t["validation.max_length", 500]).ThrowIfInvalid();
        var record = await db.Set<AttendanceRecord>().FirstOrDefaultAsync(a => a.Id == attendanceId, ct);
        if (record is null || !await organization.EmployeeVisibleAsync(record.EmployeeId, ct))
        {
            throw new NotFoundException("attendance");
        }

        if (record.RevokedAt is not null)
        {
            throw new RuleViolationException("already_revoked", t["results.already_revoked"]);
        }

        var reason = input.Reason!.Trim();
        await using var tx = await db.BeginAsync(ct);
        record.RevokedAt = clock.GetUtcNow();
        record.RevokedBy = actor.Current.Name;
        record.RevokedReason = reason;
        await db.SaveChangesAsync(ct);
        await results.ReconsiderAsync(record.SessionId, [record.EmployeeId], t["results.revoked_attendance", reason], ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Accepts every flag of the session not yet reviewed (check-ins of people in the caller's scope; photos for whole-organisation reviewers).</summary>
    public async Task<int> AcceptAllAsync(Guid sessionId, BulkAcceptInput input, CancellationToken ct)
    {
        new Validation().Require("comment", input.Comment, t["anomalies.comment_required"]).MaxLength("comment", input.Comment, 1000, t["validation.max_length", 1000]).ThrowIfInvalid();
        if (!await db.Set<Session>().AnyAsync(s => s.Id == sessionId, ct))
        {
            throw new NotFoundException("session");
        }

        var filter = await scope.GetAsync(ct);
        var records = await db.Set<AttendanceRecord>().AsNoTracking().Where(a => a.SessionId == sessionId && a.Flags.Length > 0 && a.RevokedAt == null).ToListAsync(ct);
        var visible = filter.All ? records : await VisibleAsync(records, ct);
        var photos = filter.All ? await db.Set<SessionPhoto>().AsNoTracking().Where(p => p.SessionId == sessionId && p.Flags.Length > 0).ToListAsync(ct) : [];
        var ids = visible.Select(r => r.Id).Concat(photos.Select(p => p.Id)).ToList();
        var reviewed = (await db.Set<AnomalyReview>().Where(r => ids.Contains(r.RecordId)).Select(r => new { r.RecordId, r.Flag }).ToListAsync(ct))
            .Select(r => (r.RecordId, r.Flag)).ToHashSet();
        var open = visible.SelectMany(r => r.Flags.Select(f => ("attendance", r.Id, f)))
            .Concat(photos.SelectMany(p => p.Flags.Select(f => ("photo", p.Id, f))))
            .Where(x => !reviewed.Contains((x.Item2, x.f))).ToList();
        if (open.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.BeginAsync(ct);
        db.AddRange(open.Select(x => new AnomalyReview
        {
            Id = Guid.CreateVersion7(), Source = x.Item1, RecordId = x.Item2, Flag = x.f, Decision = "accepted", Comment = input.Comment!.Trim(), ReviewedBy = actor.Current.Name, ReviewedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        await results.ReconsiderAsync(sessionId, photos.Count > 0 ? null : visible.Select(r => r.EmployeeId).Distinct().ToList(), input.Comment!.Trim(), ct);
        await tx.CommitAsync(ct);
        return open.Count;
    }

    public async Task<AttendanceRuleDto> RuleAsync(Guid courseId, CancellationToken ct)
    {
        _ = await courses.CourseAsync(courseId, ct) ?? throw new NotFoundException("course");
        var stored = await db.Set<AttendanceRule>().AsNoTracking().FirstOrDefaultAsync(r => r.CourseId == courseId, ct);
        var rule = SessionResults.RuleOf(stored);
        return new AttendanceRuleDto(courseId, rule.RequireCheckOut, rule.MinPresencePercent, [.. AllFlags.Where(rule.Blocking.Contains)], stored is not null, stored?.Version ?? 0);
    }

    public async Task<AttendanceRuleDto> SaveRuleAsync(Guid courseId, AttendanceRuleInput input, CancellationToken ct)
    {
        _ = await courses.CourseAsync(courseId, ct) ?? throw new NotFoundException("course");
        var v = new Validation();
        if (input.MinPresencePercent is < 0 or > 100)
        {
            v.Add("minPresencePercent", t["results.presence_range"]);
        }

        var unknown = (input.BlockingFlags ?? []).Where(f => !AllFlags.Contains(f)).ToList();
        if (unknown.Count > 0)
        {
            v.Add("blockingFlags", t["results.flag_unknown", string.Join(", ", unknown)]);
        }

        v.ThrowIfInvalid();
        var rule = await db.Set<AttendanceRule>().FirstOrDefaultAsync(r => r.CourseId == courseId, ct);
        if (rule is null)
        {
            rule = new AttendanceRule { CourseId = courseId, UpdatedBy = actor.Current.Name };
            db.Add(rule);
        }
        else
        {
            db.Entry(rule).Property(r => r.Version).OriginalValue = input.Version;
        }

        rule.RequireCheckOut = input.RequireCheckOut;
        rule.MinPresencePercent = input.MinPresencePercent;
        rule.BlockingFlags = [.. (input.BlockingFlags ?? []).Distinct()];
        rule.UpdatedBy = actor.Current.Name;
        rule.UpdatedAt = clock.GetUtcNow();
        rule.Version++;
        await db.SaveChangesAsync(ct);
        return await RuleAsync(courseId, ct);
    }

    private static IEnumerable<string> AllFlags => AttendanceCounting.AttendanceFlags.Concat(AttendanceCounting.PhotoFlags);

    private async Task<List<AttendanceRecord>> VisibleAsync(List<AttendanceRecord> records, CancellationToken ct)
    {
        var visible = new List<AttendanceRecord>();
        foreach (var person in records.GroupBy(r => r.EmployeeId))
        {
            if (await organization.EmployeeVisibleAsync(person.Key, ct))
            {
                visible.AddRange(person);
            }
        }

        return visible;
    }
}
