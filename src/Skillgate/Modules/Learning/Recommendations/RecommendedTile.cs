using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Recommendations;

/// <summary>The home page's "recommended for me": the first few courses that close the caller's own gaps, each with its reason.</summary>
internal static class RecommendedTile
{
    public static readonly HomeTile Tile = new("recommended", 11, Permissions.LearnSelf, "home.tile.recommended", "~/Modules/Learning/Recommendations/_RecommendedTile.cshtml", LoadAsync);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<CurrentUser>().EmployeeId is null ? null : await services.GetRequiredService<RecommendationHandler>().MineAsync(ct);
}
