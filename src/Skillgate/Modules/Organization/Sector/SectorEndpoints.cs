using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization.Sector;

internal static class SectorEndpoints
{
    public static void MapSectorEndpoints(this IEndpointRouteBuilder app)
    {
        var sector = app.MapGroup("/api/v1/sector").WithTags("Sector");
        sector.MapGet("", (SectorHandler h, CancellationToken ct) => h.GetAsync(ct))
            .WithName("GetSector").WithSummary("The organisation's sector and the words its people read.").RequireAuthorization(Permissions.OrgRead);
        sector.MapPut("", (SectorInput input, SectorHandler h, CancellationToken ct) => h.SetAsync(input, ct))
            .WithName("SetSector")
            .WithSummary("Choose the sector (manufacturing, hospital, or custom with every term's words); every page and message uses its words at once.")
            .RequireAuthorization(Permissions.SectorConfigure);
    }
}
