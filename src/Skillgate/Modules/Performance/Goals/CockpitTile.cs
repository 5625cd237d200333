using Skillgate.Modules.Performance.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Goals;

/// <summary>Management's home: the top goals in scope with their status, and the way into the cockpit.</summary>
internal static class CockpitTile
{
    public static readonly HomeTile Tile = new("cockpit", 3, Permissions.KpiRead, "home.tile.cockpit", "~/Modules/Performance/Goals/_CockpitTile.cshtml", LoadAsync);

    private const int Goals = 4;

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var roots = await services.GetRequiredService<GoalHandler>().RootsAsync(ct);
        return roots.OrderBy(r => r.Status == "behind" ? 0 : 1).ThenBy(r => r.DueOn).Take(Goals).ToList();
    }
}
