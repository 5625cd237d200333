using Microsoft.EntityFrameworkCore;
using Npgsql;
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
/// capture when checking in by face), or marked by the
/// instructor with a reason. Each record keeps method, time, device, IP and location; lateness, early leave, check-ins outside
/// the session window and people not on the roster are flagged, not silently accepted. Closing the session completes the
/// course for those who attended (and passed its exam when it has one).
/// </summary>
internal sealed class AttendanceHandler(
    SkillgateDb db, ICourseCatalog courses, ICourseCompletions completions, Faces.FaceHandler faces, CurrentUser me, AuditActor actor, IConfiguration configuration, TimeProvider clock, Texts t)
{
    public int RotateSeconds => Math.Clamp(configuration.GetValue("Skillgate:Training:QrRotateSeconds", 15), 5, 300);

    private TimeSpan LateAfter => TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:LateAfterMinutes", 10));

    private TimeSpan OpensBefore => TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:CheckInOpensMinutes", 30));

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
        var session = await SessionOfTokenAsync(input.Token, ct);
        var now = clock.GetUtcNow();
        if (!QrToken.IsValid(input.Token!, session.Id, session.QrSecret, now, RotateSeconds))
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

        return await RecordAsync(session, employeeId, kind, input.Face is null ? "qr" : "qr_face", now, device, ip, input.Latitude, input.Longitude, null, ct);
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

        return await RecordAsync(session, input.EmployeeId, input.Kind, "instructor", clock.GetUtcNow(), null, null, null, null, input.Reason!.Trim(), ct);
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
        if (await db.Set<AttendanceRecord>().AnyAsync(a => a.IdempotencyKey == key, ct))
        {
            return "duplicate";
        }

        var late = clock.GetUtcNow() - at > TimeSpan.FromMinutes(10) ? "late_sync" : null;
        var result = await RecordAsync(session, employeeId, kind, method, at, null, null, null, null, null, ct, kioskId, key, late, fromKiosk: true);
        return result.AlreadyRecorded ? "duplicate" : "recorded";
    }

    private async Task<CheckInResult> RecordAsync(
        Session session, Guid employeeId, string kind, string method, DateTimeOffset at, string? device, string? ip, double? latitude, double? longitude, string? reason,
        CancellationToken ct, Guid? kioskId = null, string? idempotencyKey = null, string? extraFlag = null, bool fromKiosk = false)
    {
        if (session.Status == SessionStatus.Cancelled || (session.Status != SessionStatus.Scheduled && !fromKiosk))
        {
            throw new RuleViolationException("session_not_scheduled", t["training.session_not_scheduled"]);
        }

        var records = await db.Set<AttendanceRecord>().AsNoTracking().Where(a => a.SessionId == session.Id && a.EmployeeId == employeeId).ToListAsync(ct);
        if (records.FirstOrDefault(a => a.Kind == kind) is { } existing)
        {
            return new CheckInResult(session.Id, session.Title, kind, existing.At, existing.Flags, true);
        }

        var flags = new List<string>();
        if (kind == "out" && !records.Any(a => a.Kind == "in"))
        {
            // An offline kiosk's syncs may arrive out of order; a check-out before its check-in is kept and flagged.
            flags.Add(fromKiosk ? "out_before_in" : throw new RuleViolationException("not_checked_in", t["training.not_checked_in"]));
        }

        if (extraFlag is not null)
        {
            flags.Add(extraFlag);
        }

        if (at < session.StartsAt - OpensBefore || at > session.EndsAt + TimeSpan.FromMinutes(30))
        {
            flags.Add("outside_window");
        }
        else if (kind == "in" && at > session.StartsAt + LateAfter)
        {
            flags.Add("late");
        }
        else if (kind == "out" && at < session.EndsAt - LateAfter)
        {
            flags.Add("early_leave");
        }

        if (!await db.Set<Participant>().AnyAsync(p => p.SessionId == session.Id && p.EmployeeId == employeeId && p.Status != "cancelled", ct))
        {
            flags.Add("not_on_roster");
        }

        if (method is "qr" or "qr_face")
        {
            flags.AddRange(PlaceRules.Flags(configuration, ip, latitude, longitude));
        }

        if (method is "qr" or "qr_face" && device is not null &&
            await db.Set<AttendanceRecord>().AnyAsync(a => a.SessionId == session.Id && a.Device == Trim(device, 200) && a.EmployeeId != employeeId, ct))
        {
            flags.Add("shared_device");
        }

        var record = new AttendanceRecord
        {
            Id = Guid.CreateVersion7(), SessionId = session.Id, EmployeeId = employeeId, Kind = kind, Method = method, At = at, RecordedAt = clock.GetUtcNow(),
            RecordedBy = actor.Current.Name, Device = Trim(device, 200), Ip = Trim(ip, 64), Latitude = latitude, Longitude = longitude, Reason = reason, Flags = [.. flags],
            KioskId = kioskId, IdempotencyKey = idempotencyKey,
        };
        db.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.Entry(record).State = EntityState.Detached;
            var first = await db.Set<AttendanceRecord>().AsNoTracking().FirstAsync(a => a.SessionId == session.Id && a.EmployeeId == employeeId && a.Kind == kind, ct);
            return new CheckInResult(session.Id, session.Title, kind, first.At, first.Flags, true);
        }

        return new CheckInResult(session.Id, session.Title, kind, at, record.Flags, false);
    }

    private static string? Trim(string? value, int max) => value is null ? null : value.Length > max ? value[..max] : value;
}
