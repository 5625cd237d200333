using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Attendance;

internal static class SessionAttendanceEndpoints
{
    public static void MapSessionAttendanceEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Training: sessions");
        sessions.MapGet("/{id:guid}/qr", (Guid id, AttendanceHandler h, HttpContext http, IConfiguration configuration, CancellationToken ct) =>
                h.CurrentCodeAsync(id, PublicUrl.Of(http, configuration), ct))
            .WithName("GetSessionQr").WithSummary("The current rotating check-in code (changes every 15 s, HMAC-signed, bound to the session).").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/attendance", (Guid id, MarkInput input, AttendanceHandler h, CancellationToken ct) => h.MarkAsync(id, input, ct))
            .WithName("MarkAttendance").WithSummary("The instructor marks someone in or out, with a reason.").RequireAuthorization(Permissions.TrainingWrite);
    }
}
