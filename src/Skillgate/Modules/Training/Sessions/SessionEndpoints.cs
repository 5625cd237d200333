using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Sessions;

internal static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Training: sessions");
        sessions.MapGet("/", (DateTimeOffset? from, DateTimeOffset? to, string? q, int? page, int? pageSize, SessionQueries h, CancellationToken ct) =>
                h.ListAsync(from, to, q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListSessions").WithSummary("Sessions in a time range (calendar), searchable by title or course code.").RequireAuthorization(Permissions.TrainingRead);
        sessions.MapGet("/{id:guid}", (Guid id, SessionQueries h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetSession").WithSummary("A session with instructors, participants, waitlist and attendance.").RequireAuthorization(Permissions.TrainingRead);
        sessions.MapPost("/conflicts", (SessionInput input, ConflictFinder h, CancellationToken ct) =>
                h.FindAsync(null, input.StartsAt.ToUniversalTime(), input.EndsAt.ToUniversalTime(), input.RoomId, input.InstructorIds ?? [], input.EmployeeIds ?? [], ct))
            .WithName("PreviewSessionConflicts").WithSummary("Double bookings a planned session would cause, before saving it.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/", async (SessionInput input, SessionHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/sessions/{created.Id}", created);
            })
            .WithName("CreateSession").WithSummary("Schedule a session of a published course; 409 conflicts lists double bookings unless overrideReason is given.")
            .RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPut("/{id:guid}", (Guid id, SessionUpdate input, SessionHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateSession").WithSummary("Move or change a session; the same conflict check applies.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/participants", (Guid id, InviteInput input, SessionHandler h, CancellationToken ct) => h.InviteAsync(id, input, ct))
            .WithName("InviteParticipants").WithSummary("Invite employees, a position or an org unit (with subtree); beyond capacity they wait.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/participants/{employeeId:guid}/cancel", (Guid id, Guid employeeId, SessionHandler h, CancellationToken ct) => h.CancelParticipantAsync(id, employeeId, ct))
            .WithName("CancelParticipant").WithSummary("Take someone off a session; the first on the waitlist moves up.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/cancel", async (Guid id, SessionHandler h, CancellationToken ct) =>
            {
                await h.CancelAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("CancelSession").WithSummary("Cancel a scheduled session.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/close", (Guid id, AttendanceHandler h, CancellationToken ct) => h.CloseAsync(id, ct))
            .WithName("CloseSession")
            .WithSummary("Close the session: attendance that counts by the course's rules completes the course now; attendance with an unreviewed blocking flag waits for review.")
            .RequireAuthorization(Permissions.TrainingWrite);
    }
}
