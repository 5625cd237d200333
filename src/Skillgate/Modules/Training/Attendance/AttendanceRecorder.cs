using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// Hands one check-in or check-out to the <see cref="AttendanceWriter"/> with who asked, and turns a refusal into the user's
/// language. Each record keeps method, time, device, IP and location; lateness, early leave, check-ins outside the session
/// window, people not on the roster, shared phones and places outside the plant are flagged, not silently accepted.
/// </summary>
internal sealed class AttendanceRecorder(AttendanceWriter writer, PlaceRules places, AuditActor actor, Texts t)
{
    public async Task<CheckInResult> RecordAsync(
        Guid sessionId, Guid employeeId, string kind, string method, DateTimeOffset at, string? device, string? ip, double? latitude, double? longitude, string? reason,
        CancellationToken ct, Guid? kioskId = null, string? idempotencyKey = null, IReadOnlyList<string>? extraFlags = null, bool fromKiosk = false,
        double? accuracy = null, string? client = null, Guid? paperSheetId = null)
    {
        var (actorId, actorName) = actor.Current;
        var placeFlags = method is "qr" or "qr_face" ? places.Flags(ip, latitude, longitude, accuracy).ToList() : [];
        var outcome = await writer.RecordAsync(new AttendanceRequest(
            sessionId, employeeId, kind, method, at, Trim(device, 200), Trim(ip, 64), latitude, longitude, reason, kioskId, idempotencyKey,
            extraFlags ?? [], placeFlags, fromKiosk, actorId, actorName, accuracy, client, paperSheetId), ct);
        Platform.Telemetry.SkillgateMetrics.CheckIns.Add(1, new("kind", kind), new("outcome", outcome.Refusal is null ? outcome.AlreadyRecorded ? "repeated" : "recorded" : "refused"));
        return outcome.Refusal is { } code
            ? throw new RuleViolationException(code, t[TrainingVocabularies.CheckInRefusal, code])
            : new CheckInResult(sessionId, outcome.SessionTitle, kind, outcome.At, outcome.Flags, outcome.AlreadyRecorded);
    }

    private static string? Trim(string? value, int max) => value is null ? null : value.Length > max ? value[..max] : value;
}
