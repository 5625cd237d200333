using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Needs.Analysis;
using Skillgate.Modules.Needs.Board;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs;

[Authorize(Policy = Permissions.NeedsRead)]
internal sealed class IndexModel(NeedHandler needs, NeedAnalysis analysis, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; } = "open";

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<NeedSummary> Result { get; private set; } = new([], 0, 1, 25);

    public bool CanRun { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total,
        p => $"/Needs?status={Status}&source={Source}&q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanRun = await CanAsync(Permissions.NeedsConfigure);
        Result = await needs.ListAsync(Status, Source, Q, PageNumber, 25, ct);
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        if (!await CanAsync(Permissions.NeedsConfigure))
        {
            return Forbid();
        }

        var result = await analysis.RunAsync(ct);
        Flash(t["needs.ran", result.Signals, result.NeedsCreated, result.NeedsUpdated, result.Milliseconds]);
        return Redirect("/Needs");
    }
}
