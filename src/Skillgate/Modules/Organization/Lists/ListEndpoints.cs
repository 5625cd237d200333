using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization.Lists;

internal static class ListEndpoints
{
    public static void MapListEndpoints(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/api/v1").WithTags("Lists");
        lists.MapGet("/unit-types", (ListHandler h, CancellationToken ct) => h.UnitTypesAsync(ct))
            .WithName("ListUnitTypes").WithSummary("Org unit types.").RequireAuthorization(Permissions.OrgRead);
        lists.MapPost("/unit-types", (ListEntryInput input, ListHandler h, CancellationToken ct) => h.AddUnitTypeAsync(input, ct))
            .WithName("AddUnitType").WithSummary("Add an org unit type.").RequireAuthorization(Permissions.OrgWrite);
        lists.MapGet("/function-tags", (ListHandler h, CancellationToken ct) => h.FunctionTagsAsync(ct))
            .WithName("ListFunctionTags").WithSummary("Department function tags.").RequireAuthorization(Permissions.OrgRead);
        lists.MapPost("/function-tags", (ListEntryInput input, ListHandler h, CancellationToken ct) => h.AddFunctionTagAsync(input, ct))
            .WithName("AddFunctionTag").WithSummary("Add a department function tag.").RequireAuthorization(Permissions.OrgWrite);
    }
}
