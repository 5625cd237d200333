using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// Attendance around the check-in itself (<see cref="QrCheckIn"/>): the session screen's current code, marking by the instructor
/// with a reason, kiosk check-ins, and closing the session, which completes the course for those whose attendance counts.
/// </summary>
internal sealed class AttendanceHandler(
    TrainingDb db, AttendanceRecorder recorder, Results.SessionResults results, IConfiguration configuration, TimeProvider clock, Texts t)
{
    /// <summary>The code the session screen shows now.</summary>
    public async Task<QrCodeDto> CurrentCodeAsync(Guid sessionId, string baseUrl, CancellationToken ct)
    {
        var session = await db.Set<Session>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException("session");
        var rotate = QrToken.RotateSeconds(configuration);
        var window = QrToken.Window(clock.GetUtcNow(), rotate);
        var token = QrToken.Create(session.Id, session.QrSecret, window);
        return new QrCodeDto(token, $"{baseUrl}/Training/CheckIn?t={token}", QrToken.ValidUntil(window, rotate), rotate);
    }

    /// <summary>The session a scanned code names: readable by whoever scanned it, as a walk-in may be from any unit.</summary>
    public async Task<Session> SessionOfTokenAsync(string? token, CancellationToken ct)
    {
        using var capability = SqlScope.AsSystem();
        return QrToken.SessionOf(token) is { } id && await db.Set<Session>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } session
            ? session
            : throw new RuleViolationException("code_invalid", t["training.code_invalid"]);
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

        return await recorder.RecordAsync(session.Id, input.EmployeeId, input.Kind, "instructor", clock.GetUtcNow(), null, null, null, null, input.Reason!.Trim(), ct);
    }

    /// <summary>
    /// Closes the session: the attendance of everyone invited or recorded is judged by the course's rules; the clean attendees
    /// complete the course at once, those with a blocking flag wait for HR's review (<see cref="Results.SessionResults"/>).
    /// </summary>
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

        await using var tx = await db.BeginAsync(ct);
        session.Status = SessionStatus.Closed;
        await db.SaveChangesAsync(ct);
        var result = await results.DecideAllAsync(session, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// A check-in a kiosk took, possibly offline and synced later: kept with the device's time, once per idempotency key (a replay
    /// answers "duplicate"), flagged late_sync when it arrives long after it was taken, and device_clock when the device's time
    /// lies in the future beyond a tolerance or before the session's check-in window opened.
    /// </summary>
    public async Task<string> RecordFromKioskAsync(
        Session session, Guid employeeId, string kind, string method, DateTimeOffset at, Guid kioskId, string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var flags = new List<string>();
        if (now - at > TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:LateSyncMinutes", 10)))
        {
            flags.Add("late_sync");
        }

        if (at > now + TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:KioskClockToleranceMinutes", 2)) ||
            at < session.StartsAt - TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:CheckInOpensMinutes", 30)))
        {
            flags.Add("device_clock");
        }

        var result = await recorder.RecordAsync(session.Id, employeeId, kind, method, at, null, null, null, null, null, ct, kioskId, key, flags, fromKiosk: true);
        if (!result.AlreadyRecorded && session.Status == SessionStatus.Closed)
        {
            // An offline kiosk's check-ins reach a session closed meanwhile: the person's result is decided again with them.
            await using var tx = await db.BeginAsync(ct);
            await results.ReconsiderAsync(session.Id, [employeeId], t["results.late_kiosk"], ct);
            await tx.CommitAsync(ct);
        }

        return result.AlreadyRecorded ? "duplicate" : "recorded";
    }

}
