using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance;

[Authorize(Policy = Permissions.KpiRead)]
internal sealed class IndexModel(DefinitionHandler definitions) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<KpiDefinitionSummary> Result { get; private set; } = new([], 0, 1, 25);

    public bool CanConfigure { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Performance?q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanConfigure = await CanAsync(Permissions.KpiConfigure);
        Result = await definitions.ListAsync(Q, PageNumber, 25, ct);
    }
}
