using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Live;

internal static class LiveEndpoints
{
    public static void MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Training: sessions");
        sessions.MapGet("/{id:guid}/live", async (Guid id, Live.LiveAttendance h, DataScope scope, CancellationToken ct) => await h.ForSessionAsync(id, await scope.GetAsync(ct), ct))
            .WithName("LiveAttendance").WithSummary("Checked in against expected by department in the caller's data scope, for the live dashboard.").RequireAuthorization(Permissions.TrainingRead);
        app.MapPost("/api/v1/jobs/attendance-alerts", async (Live.AttendanceAlertJob job, CancellationToken ct) => new { alerts = await job.RunAsync(ct) })
            .WithTags("Jobs").WithName("RunAttendanceAlerts").WithSummary("Check running sessions now and alert department heads under the threshold (each alert once).")
            .RequireAuthorization(Permissions.UsersWrite);
    }
}
