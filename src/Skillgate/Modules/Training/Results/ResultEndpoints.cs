using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Results;

internal static class ResultEndpoints
{
    public static void MapResultEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Training: sessions");
        sessions.MapPost("/{id:guid}/accept-flags", async (Guid id, BulkAcceptInput input, Results.ResultHandler h, CancellationToken ct) =>
                new BulkAcceptResult(await h.AcceptAllAsync(id, input, ct)))
            .WithName("AcceptSessionFlags").WithSummary("Accept every open flag of the session with one comment; people waiting only for those complete now.")
            .RequireAuthorization(Permissions.TrainingWrite);
        app.MapPost("/api/v1/attendance/{id:guid}/revoke", async (Guid id, RevokeAttendanceInput input, Results.ResultHandler h, CancellationToken ct) =>
            {
                await h.RevokeAttendanceAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Training: attendance").WithName("RevokeAttendance")
            .WithSummary("Revoke a check-in or check-out with a reason: it no longer counts and a completion it earned is revoked (certificate, qualification).")
            .RequireAuthorization(Permissions.TrainingWrite);
        app.MapGet("/api/v1/courses/{id:guid}/attendance-rule", (Guid id, Results.ResultHandler h, CancellationToken ct) => h.RuleAsync(id, ct))
            .WithTags("Training: attendance").WithName("GetAttendanceRule").WithSummary("Which attendance completes the course: check-out, presence share, blocking flags.")
            .RequireAuthorization(Permissions.TrainingRead);
        app.MapPut("/api/v1/courses/{id:guid}/attendance-rule", (Guid id, AttendanceRuleInput input, Results.ResultHandler h, CancellationToken ct) => h.SaveRuleAsync(id, input, ct))
            .WithTags("Training: attendance").WithName("SaveAttendanceRule").WithSummary("Set the course's attendance rules (version from the last read).")
            .RequireAuthorization(Permissions.TrainingWrite);
    }
}
