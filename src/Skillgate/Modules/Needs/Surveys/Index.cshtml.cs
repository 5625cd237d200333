using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

[Authorize(Policy = Permissions.NeedsRead)]
internal sealed class IndexModel(SurveyHandler surveys) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<SurveySummary> Result { get; private set; } = new([], 0, 1, 20);

    public bool CanWrite { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Needs/Surveys?q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanWrite = await CanAsync(Permissions.Surveys);
        Result = await surveys.ListAsync(Q, PageNumber, 20, ct);
    }
}
