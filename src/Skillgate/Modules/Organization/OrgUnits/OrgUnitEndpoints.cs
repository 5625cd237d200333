using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization.OrgUnits;

internal static class OrgUnitEndpoints
{
    public static void MapOrgUnitEndpoints(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/v1/org-units").WithTags("Org units");
        units.MapGet("/", (bool? includeInactive, OrgUnitHandler h, CancellationToken ct) => h.TreeAsync(includeInactive ?? false, ct))
            .WithName("ListOrgUnits").WithSummary("The org tree the caller may see, parents before children.").RequireAuthorization(Permissions.OrgRead);
        units.MapGet("/{id:guid}", (Guid id, OrgUnitHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetOrgUnit").WithSummary("One org unit.").RequireAuthorization(Permissions.OrgRead);
        units.MapPost("/", async (OrgUnitInput input, OrgUnitHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/org-units/{created.Id}", created);
            })
            .WithName("CreateOrgUnit").WithSummary("Create an org unit under a parent.").RequireAuthorization(Permissions.OrgWrite);
        units.MapPut("/{id:guid}", (Guid id, OrgUnitUpdate input, OrgUnitHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateOrgUnit").WithSummary("Rename an org unit, change its type or functions.").RequireAuthorization(Permissions.OrgWrite);
        units.MapPost("/{id:guid}/move", (Guid id, OrgUnitMove input, OrgUnitHandler h, CancellationToken ct) => h.MoveAsync(id, input, ct))
            .WithName("MoveOrgUnit").WithSummary("Move an org unit with its subtree under another parent.").RequireAuthorization(Permissions.OrgWrite);
        units.MapPut("/{id:guid}/time-zone", (Guid id, OrgUnitTimeZone input, OrgUnitHandler h, CancellationToken ct) => h.SetTimeZoneAsync(id, input, ct))
            .WithName("SetOrgUnitTimeZone").WithSummary("Set the unit's IANA time zone, or null to take its parent's; the units below without their own follow.")
            .RequireAuthorization(Permissions.OrgWrite);
        units.MapPost("/{id:guid}/deactivate", async (Guid id, int version, OrgUnitHandler h, CancellationToken ct) =>
            {
                await h.DeactivateAsync(id, version, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateOrgUnit").WithSummary("Deactivate an org unit and its subtree (refused while employees remain).").RequireAuthorization(Permissions.OrgWrite);
        units.MapPost("/{id:guid}/reactivate", async (Guid id, int version, OrgUnitHandler h, CancellationToken ct) =>
            {
                await h.ReactivateAsync(id, version, ct);
                return TypedResults.NoContent();
            })
            .WithName("ReactivateOrgUnit").WithSummary("Reactivate a deactivated org unit.").RequireAuthorization(Permissions.OrgWrite);
        units.MapGet("/{id:guid}/history", (Guid id, OrgUnitHandler h, AuditHistory history, CancellationToken ct) => history.ForVisibleAsync(h.GetAsync(id, ct), "org_unit", id, ct))
            .WithName("GetOrgUnitHistory").WithSummary("The audit history of an org unit.").RequireAuthorization(Permissions.OrgRead);
    }
}
