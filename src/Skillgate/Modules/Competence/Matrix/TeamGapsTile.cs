using Skillgate.Modules.Competence.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>
/// The home page of a department head (or production manager): who in their units may not work a requirement of their post or
/// operation today and why (not trained, expired, retraining required), and what expires in the next 30 days.
/// </summary>
internal static class TeamGapsTile
{
    public static readonly HomeTile Tile = new("team-gaps", 5, Permissions.HomeTeam, "home.tile.team", "~/Modules/Competence/Matrix/_TeamGapsTile.cshtml", LoadAsync);

    public static readonly string[] Blocking = ["not_trained", "expired", "retraining_required"];

    public sealed record Model(IReadOnlyList<GapRow> Blocked, IReadOnlyList<GapRow> Expiring);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var gaps = await services.GetRequiredService<MatrixHandler>().GapsAsync(null, ct);
        var horizon = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(30);
        return new Model(
            [.. gaps.Where(g => Blocking.Contains(g.Status))],
            [.. gaps.Where(g => g.Status == "expiring" && g.DueOn is { } due && due <= horizon)]);
    }
}
