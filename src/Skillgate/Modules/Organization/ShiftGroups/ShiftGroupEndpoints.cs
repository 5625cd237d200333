using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization.ShiftGroups;

internal static class ShiftGroupEndpoints
{
    public static void MapShiftGroupEndpoints(this IEndpointRouteBuilder app)
    {
        var shifts = app.MapGroup("/api/v1/shift-groups").WithTags("Shift groups");
        shifts.MapGet("/", (ShiftGroupHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListShiftGroups").WithSummary("Shift groups.").RequireAuthorization(Permissions.OrgRead);
        shifts.MapGet("/{id:guid}", (Guid id, ShiftGroupHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetShiftGroup").WithSummary("One shift group.").RequireAuthorization(Permissions.OrgRead);
        shifts.MapPost("/", async (ShiftGroupInput input, ShiftGroupHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/shift-groups/{created.Id}", created);
            })
            .WithName("CreateShiftGroup").WithSummary("Create a shift group.").RequireAuthorization(Permissions.OrgWrite);
        shifts.MapPut("/{id:guid}", (Guid id, ShiftGroupUpdate input, ShiftGroupHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateShiftGroup").WithSummary("Update or deactivate a shift group.").RequireAuthorization(Permissions.OrgWrite);
        shifts.MapGet("/{id:guid}/history", (Guid id, ShiftGroupHandler h, AuditHistory history, CancellationToken ct) => history.ForVisibleAsync(h.GetAsync(id, ct), "shift_group", id, ct))
            .WithName("GetShiftGroupHistory").WithSummary("The audit history of a shift group.").RequireAuthorization(Permissions.OrgRead);
    }
}
