using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Checks;

[Authorize(Policy = Permissions.QualityRead)]
internal sealed class IndexModel(CheckHandler checks) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<ChecklistDto> Checklists { get; private set; } = [];

    public Page<CheckDto> Result { get; private set; } = new([], 0, 1, 25);

    public bool CanSupervise { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Quality/Checks?q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostCreateAsync(string code, string title, string? operation, string? items, CancellationToken ct) =>
        ChangeAsync(Permissions.Supervise, () => checks.CreateChecklistAsync(
            new ChecklistInput(code, title, operation, (items ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), ct), "/Quality/Checks", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDeactivateAsync(Guid checklistId, CancellationToken ct) =>
        ChangeAsync(Permissions.Supervise, () => checks.DeactivateChecklistAsync(checklistId, ct), "/Quality/Checks", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        CanSupervise = await CanAsync(Permissions.Supervise);
        Checklists = await checks.ChecklistsAsync(false, ct);
        Result = await checks.ListAsync(Q, PageNumber, 25, null, ct);
    }
}
