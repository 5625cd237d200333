using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Boards;

/// <summary>A unit's monthly top 10 with its category shares; the unit and month are chosen on the page.</summary>
[Authorize(Policy = Permissions.PointsSelf)]
internal sealed class IndexModel(BoardHandler boards, Texts texts) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public IReadOnlyList<(Guid Id, string Name, int Depth)> Units { get; private set; } = [];

    public BoardDto? Board { get; private set; }

    public string Chart { get; private set; } = "";

    public bool CanReadPeople { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Units = await boards.UnitsAsync(ct);
        CanReadPeople = await CanAsync(Permissions.PointsRead);
        if (Unit is null && Units.Count == 0)
        {
            return Page();
        }

        return await Attempt(async () =>
        {
            Board = await boards.GetAsync(Unit ?? Units[^1].Id, Month, 10, ct);
            Unit = Board.OrgUnitId;
            Month = Board.Month;
            Chart = Points.IndexModel.CategoryChart(Board.Shares, texts);
            return Page();
        }, () => Task.FromResult<IActionResult>(Page()));
    }
}
