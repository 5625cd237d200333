using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Attendance;

internal static class CheckInEndpoints
{
    public static void MapCheckInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/check-ins", (QrCheckInInput input, QrCheckIn h, HttpContext http, CancellationToken ct) =>
                h.ScanAsync(input, "in", DeviceId.Of(http), http.Connection.RemoteIpAddress?.ToString(), ClientId.Of(http, input.Screen), ct))
            .WithTags("Training: attendance").WithName("CheckIn").WithSummary("Check in with the code scanned from the session screen (signed-in phone).")
            .RequireAuthorization(Permissions.LearnSelf);
        app.MapPost("/api/v1/check-outs", (QrCheckInInput input, QrCheckIn h, HttpContext http, CancellationToken ct) =>
                h.ScanAsync(input, "out", DeviceId.Of(http), http.Connection.RemoteIpAddress?.ToString(), ClientId.Of(http, input.Screen), ct))
            .WithTags("Training: attendance").WithName("CheckOut").WithSummary("Check out with the current code, so the duration is known.")
            .RequireAuthorization(Permissions.LearnSelf);
    }
}
