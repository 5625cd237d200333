using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization.Positions;

internal static class PositionEndpoints
{
    public static void MapPositionEndpoints(this IEndpointRouteBuilder app)
    {
        var positions = app.MapGroup("/api/v1/positions").WithTags("Positions");
        positions.MapGet("/", (Guid? orgUnitId, PositionHandler h, CancellationToken ct) => h.ListAsync(orgUnitId, ct))
            .WithName("ListPositions").WithSummary("Positions (posts) the caller may see.").RequireAuthorization(Permissions.OrgRead);
        positions.MapGet("/{id:guid}", (Guid id, PositionHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetPosition").WithSummary("One position.").RequireAuthorization(Permissions.OrgRead);
        positions.MapPost("/", async (PositionInput input, PositionHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/positions/{created.Id}", created);
            })
            .WithName("CreatePosition").WithSummary("Create a position in an org unit.").RequireAuthorization(Permissions.OrgWrite);
        positions.MapPut("/{id:guid}", (Guid id, PositionUpdate input, PositionHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdatePosition").WithSummary("Update or deactivate a position.").RequireAuthorization(Permissions.OrgWrite);
        positions.MapGet("/{id:guid}/history", (Guid id, PositionHandler h, AuditHistory history, CancellationToken ct) => history.ForVisibleAsync(h.GetAsync(id, ct), "position", id, ct))
            .WithName("GetPositionHistory").WithSummary("The audit history of a position.").RequireAuthorization(Permissions.OrgRead);
    }
}
