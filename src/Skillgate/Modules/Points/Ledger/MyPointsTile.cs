using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Ledger;

/// <summary>The home page's "my points": balance, this month's points and rank in the caller's unit.</summary>
internal static class MyPointsTile
{
    public static readonly HomeTile Tile = new("my-points", 30, Permissions.PointsSelf, "points.my", "~/Modules/Points/Ledger/_MyPointsTile.cshtml", LoadAsync);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<CurrentUser>().EmployeeId is null ? null : await services.GetRequiredService<AccountQueries>().MineAsync(null, 1, 1, ct);
}
