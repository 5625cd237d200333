using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Appeals;

/// <summary>A person's appeals: their scores of closed periods still open to appeal, each with a reason to give, and the appeals they made.</summary>
[Authorize(Policy = Permissions.KpiSelf)]
internal sealed class IndexModel(AppealHandler appeals, Skillgate.Platform.Localization.Texts t) : SkillgatePage
{
    [BindProperty]
    public Guid ScoreId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public KpiAppeals Mine { get; private set; } = new(0, [], []);

    /// <summary>Whether the appeals link to their workflow pages (a worker without workflow access follows them here).</summary>
    public bool CanReadWorkflows { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => Attempt(async () =>
    {
        var instance = await appeals.StartAsync(ScoreId, new AppealInput(Reason), ct);
        Flash(t["kpi.appeal_started", instance.Number]);
        return Redirect("/Performance/Appeals");
    }, async () =>
    {
        await LoadAsync(ct);
        return Page();
    });

    private async Task LoadAsync(CancellationToken ct)
    {
        Mine = await appeals.MineAsync(ct);
        CanReadWorkflows = await CanAsync(Permissions.WorkflowRead);
    }
}
