using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// Attendance: check-in and check-out by the session's rotating QR code on the employee's own signed-in phone (with a live face
/// capture when checking in by face), from a kiosk, or marked by the instructor with a reason. Each record keeps method, time,
/// device, IP and location; lateness, early leave, check-ins outside the session window and people not on the roster are
/// flagged, not silently accepted (the records are written in batches by <see cref="AttendanceWriter"/>). Closing the session
/// completes the course for those who attended (and passed its exam when it has one).
/// </summary>
internal sealed class AttendanceHandler(
    SkillgateDb db, AttendanceWriter writer, SessionSecrets secrets, ICourseCatalog courses, ICourseCompletions completions, Faces.FaceHandler faces, CurrentUser me,
    AuditActor actor, IConfiguration configuration, TimeProvider clock, Texts t)
{
    public int RotateSeconds => Math.Clamp(configuration.GetValue("Skillgate:Training:QrRotateSeconds", 15), 5, 300);

    /// <summary>The code the session screen shows now.</summary>
    public async Task<QrCodeDto> CurrentCodeAsync(Guid sessionId, string baseUrl, CancellationToken ct)
    {
        var session = await db.Set<Session>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException("session");
        var window = QrToken.Window(clock.GetUtcNow(), RotateSeconds);
        var token = QrToken.Create(session.Id, session.QrSecret, window);
        return new QrCodeDto(token, $"{baseUrl}/Training/CheckIn?t={token}", QrToken.ValidUntil(window, RotateSeconds), RotateSeconds);
    }

    public async Task<Session> SessionOfTokenAsync(string? token, CancellationToken ct) =>
        QrToken.SessionOf(token) is { } id && await db.Set<Session>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } session
            ? session
            : throw new RuleViolationException("code_invalid", t["training.code_invalid"]);

    /// <summary>Check-in (or, when already checked in, check-out) with the code scanned from the session screen.</summary>
    public async Task<CheckInResult> ScanAsync(QrCheckInInput input, string kind, string? device, string? ip, CancellationToken ct)
    {
        var employeeId = me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]);
        var sessionId = QrToken.SessionOf(input.Token) ?? throw new RuleViolationException("code_invalid", t["training.code_invalid"]);
        var secret = await secrets.OfAsync(sessionId, ct) ?? throw new RuleViolationException("code_invalid", t["training.code_invalid"]);
        var now = clock.GetUtcNow();
        if (!QrToken.IsValid(input.Token!, sessionId, secret, now, RotateSeconds))
        {
            throw new RuleViolationException("code_expired", t["training.code_expired"]);
        }

        if (input.Latitude is < -90 or > 90 || input.Longitude is < -180 or > 180)
        {
            new Validation().Add("latitude", t["training.location_invalid"]).ThrowIfInvalid();
        }

        if (input.Face is not null)
        {
            await faces.VerifyAsync(employeeId, input.Face, ct);
        }
        else if (configuration.GetValue("Skillgate:Training:RequireFaceOnPhone", false))
        {
            throw new RuleViolationException("face_required", t["face.required"]);
        }

        return await RecordAsync(sessionId, employeeId, kind, input.Face is null ? "qr" : "qr_face", now, device, ip, input.Latitude, input.Longitude, null, ct);
    }

    /// <summary>The instructor (or HR) marks someone present or leaving who cannot check in themselves; the reason is kept.</summary>
    public async Task<CheckInResult> MarkAsync(Guid sessionId, MarkInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("reason", input.Reason, t["training.reason_required"]).MaxLength("reason", input.Reason, 500, t["validation.max_length", 500]);
        if (input.Kind is not ("in" or "out"))
        {
            v.Add("kind", t["training.kind_unknown"]);
        }

        v.ThrowIfInvalid();
        var session = await db.Set<Session>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException("session");
        if (!await db.Set<Participant>().AnyAsync(p => p.SessionId == sessionId && p.EmployeeId == input.EmployeeId, ct))
        {
            throw new RuleViolationException("not_on_roster", t["training.not_on_roster"]);
        }

        return await RecordAsync(session.Id, input.EmployeeId, input.Kind, "instructor", clock.GetUtcNow(), null, null, null, null, input.Reason!.Trim(), ct);
    }

    /// <summary>Closes the session: everyone invited who checked in and out (and passed the exam when the course has one) completes the course.</summary>
    public async Task<CloseResult> CloseAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.Set<Session>().FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException("session");
        if (session.Status != SessionStatus.Scheduled)
        {
            throw new RuleViolationException("session_not_scheduled", t["training.session_not_scheduled"]);
        }

        if (clock.GetUtcNow() < session.StartsAt)
        {
            throw new RuleViolationException("session_not_started", t["training.session_not_started"]);
        }

        var course = await courses.CourseAsync(session.CourseId, ct) ?? throw new NotFoundException("course");
        var attended = await db.Set<AttendanceRecord>().Where(a => a.SessionId == sessionId).GroupBy(a => a.EmployeeId)
            .Where(g => g.Any(a => a.Kind == "in") && g.Any(a => a.Kind == "out")).Select(g => g.Key).ToListAsync(ct);
        var invited = await db.Set<Participant>().Where(p => p.SessionId == sessionId && p.Status == "invited").Select(p => p.EmployeeId).ToListAsync(ct);
        var completed = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        session.Status = SessionStatus.Closed;
        await db.SaveChangesAsync(ct);
        foreach (var employee in attended.Intersect(invited))
        {
            if (!course.RequiresExam || await courses.ExamPassedAsync(course.Id, employee, ct))
            {
                await completions.CompleteAsync(course.Id, employee, "classroom", DateOnly.FromDateTime(session.EndsAt.UtcDateTime), null, ct);
                completed++;
            }
        }

        await tx.CommitAsync(ct);
        return new CloseResult(completed, invited.Count - completed);
    }

    /// <summary>
    /// A check-in a kiosk took, possibly offline and synced later: kept with the device's time, once per idempotency key (a replay
    /// answers "duplicate"), and flagged when it arrives long after it was taken.
    /// </summary>
    public async Task<string> RecordFromKioskAsync(
        Session session, Guid employeeId, string kind, string method, DateTimeOffset at, Guid kioskId, string key, CancellationToken ct)
    {
        var late = clock.GetUtcNow() - at > TimeSpan.FromMinutes(10) ? "late_sync" : null;
        var result = await RecordAsync(session.Id, employeeId, kind, method, at, null, null, null, null, null, ct, kioskId, key, late, fromKiosk: true);
        return result.AlreadyRecorded ? "duplicate" : "recorded";
    }

    private async Task<CheckInResult> RecordAsync(
        Guid sessionId, Guid employeeId, string kind, string method, DateTimeOffset at, string? device, string? ip, double? latitude, double? longitude, string? reason,
        CancellationToken ct, Guid? kioskId = null, string? idempotencyKey = null, string? extraFlag = null, bool fromKiosk = false)
    {
        var (actorId, actorName) = actor.Current;
        var placeFlags = method is "qr" or "qr_face" ? PlaceRules.Flags(configuration, ip, latitude, longitude).ToList() : [];
        var outcome = await writer.RecordAsync(new AttendanceRequest(
            sessionId, employeeId, kind, method, at, Trim(device, 200), Trim(ip, 64), latitude, longitude, reason, kioskId, idempotencyKey,
            extraFlag is null ? [] : [extraFlag], placeFlags, fromKiosk, actorId, actorName), ct);
        return outcome.Refusal is { } code
            ? throw new RuleViolationException(code, t["training." + code])
            : new CheckInResult(sessionId, outcome.SessionTitle, kind, outcome.At, outcome.Flags, outcome.AlreadyRecorded);
    }

    private static string? Trim(string? value, int max) => value is null ? null : value.Length > max ? value[..max] : value;
}
