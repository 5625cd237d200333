using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Scores;

[Authorize(Policy = Permissions.KpiRead)]
internal sealed class IndexModel(ScoreHandler scores, PeriodHandler periods) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Definition { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<KpiScoreDto> Result { get; private set; } = new([], 0, 1, 50);

    public IReadOnlyList<KpiPeriodDto> Periods { get; private set; } = [];

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total,
        p => $"/Performance/Scores?period={Period}&definition={Definition}&kind={Kind}&q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Periods = (await periods.ListAsync(1, 200, ct)).Items;
        Result = await scores.ListAsync(Period, Definition, Kind, Q, PageNumber, 50, ct);
    }
}
