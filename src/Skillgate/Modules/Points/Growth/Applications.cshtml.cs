using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Growth;

/// <summary>Skill applied on the line: record one (on the phone), see mine; a department head confirms with points or rejects those in scope.</summary>
[Authorize(Policy = Permissions.PointsSelf)]
internal sealed class ApplicationsModel(SkillApplicationHandler applications) : SkillgatePage
{
    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<SkillApplicationDto> Mine { get; private set; } = [];

    public Page<SkillApplicationDto>? Waiting { get; private set; }

    public PagerModel Pager => new(Waiting!.PageNumber, Waiting.PageCount, Waiting.Total, p => $"/Points/Applications?page={p}");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(Permissions.PointsSelf, async () => await applications.SubmitAsync(new SkillApplicationInput(null, null, Title, Description, []), ct), "/Points/Applications", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDecideAsync(Guid id, string? decision, int? points, string? note, CancellationToken ct) =>
        ChangeAsync(Permissions.PointsConfirm, async () => await applications.DecideAsync(id, new SkillApplicationDecision(decision, points, note), ct), "/Points/Applications", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Mine = await applications.MineAsync(ct);
        Waiting = await CanAsync(Permissions.PointsConfirm) ? await applications.ListAsync("submitted", PageNumber, 20, ct) : null;
    }
}
