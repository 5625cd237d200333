using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>The worker's home: surveys waiting for their answer, soonest closing first; no tile when there are none.</summary>
internal static class PendingTile
{
    public static readonly HomeTile Tile = new("surveys", 13, Permissions.SurveyAnswer, "surveys.tile", "~/Modules/Needs/Surveys/_PendingTile.cshtml", LoadAsync);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var pending = await services.GetRequiredService<SurveyAnswers>().MineAsync(ct);
        return pending.Count == 0 ? null : pending;
    }
}
