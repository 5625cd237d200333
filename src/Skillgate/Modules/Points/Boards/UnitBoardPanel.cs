using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Boards;

/// <summary>The unit's page shows this month's top 10 of its board with the category shares, to those the board is published to.</summary>
internal static class UnitBoardPanel
{
    public static readonly UnitPanel Panel = new("points-board", "points.unit_panel", "~/Modules/Points/Boards/_UnitBoard.cshtml", LoadAsync);

    private static async Task<object?> LoadAsync(IServiceProvider services, Guid unit, CancellationToken ct)
    {
        try
        {
            return await services.GetRequiredService<BoardHandler>().GetAsync(unit, null, 10, ct);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
