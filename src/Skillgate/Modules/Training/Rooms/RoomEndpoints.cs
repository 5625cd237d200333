using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Rooms;

internal static class RoomEndpoints
{
    public static void MapRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/v1/rooms").WithTags("Training: rooms");
        rooms.MapGet("/", (RoomHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListRooms").WithSummary("Rooms and other bookable resources.").RequireAuthorization(Permissions.TrainingRead);
        rooms.MapPost("/", async (RoomInput input, RoomHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/rooms/{created.Id}", created);
            })
            .WithName("CreateRoom").WithSummary("Add a room with its capacity and equipment.").RequireAuthorization(Permissions.TrainingWrite);
        rooms.MapPost("/{id:guid}/deactivate", async (Guid id, RoomHandler h, CancellationToken ct) =>
            {
                await h.DeactivateAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateRoom").WithSummary("Stop booking a room.").RequireAuthorization(Permissions.TrainingWrite);
    }
}
