using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// Check-in and check-out with the session's rotating QR code on the employee's own signed-in phone, with a live face capture
/// when checking in by face. Kept light (no database read once the session's secret is known): it is the path a whole
/// workshop takes at the same moment.
/// </summary>
internal sealed class QrCheckIn(AttendanceRecorder recorder, SessionSecrets secrets, PlaceRules places, IServiceProvider services, CurrentUser me, IConfiguration configuration, TimeProvider clock, Texts t)
{
    /// <summary>Check-in (or, when already checked in, check-out) with the code scanned from the session screen.</summary>
    public async Task<CheckInResult> ScanAsync(QrCheckInInput input, string kind, string? device, string? ip, string? client, CancellationToken ct)
    {
        var employeeId = me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]);
        var sessionId = QrToken.SessionOf(input.Token) ?? throw new RuleViolationException("code_invalid", t["training.code_invalid"]);
        var secret = await secrets.OfAsync(sessionId, ct) ?? throw new RuleViolationException("code_invalid", t["training.code_invalid"]);
        var now = clock.GetUtcNow();
        switch (QrToken.Check(input.Token!, sessionId, secret, now, QrToken.RotateSeconds(configuration)))
        {
            case QrToken.Verdict.Invalid:
                throw new RuleViolationException("code_invalid", t["training.code_invalid"]);
            case QrToken.Verdict.Expired:
                throw new RuleViolationException("code_expired", t["training.code_expired"]);
        }

        if (input.Latitude is < -90 or > 90 || input.Longitude is < -180 or > 180 || input.Accuracy is < 0 or > 100_000 || (input.Latitude is null) != (input.Longitude is null))
        {
            new Validation().Add("latitude", t["training.location_invalid"]).ThrowIfInvalid();
        }

        if (places.LocationRefusedWithout && input.Latitude is null)
        {
            throw new RuleViolationException("location_required", t["training.location_required"]);
        }

        if (input.Face is not null)
        {
            await services.GetRequiredService<Faces.FaceHandler>().VerifyAsync(employeeId, input.Face, ct);
        }
        else if (kind == "in" && configuration.GetValue("Skillgate:Training:RequireFaceOnPhone", false))
        {
            throw new RuleViolationException("face_required", t["face.required"]);
        }

        return await recorder.RecordAsync(
            sessionId, employeeId, kind, input.Face is null ? "qr" : "qr_face", now, device, ip, input.Latitude, input.Longitude, null, ct,
            accuracy: input.Accuracy, client: client);
    }
}
