using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Results;

/// <summary>A closed period's results per person, searchable and paged, with the payroll export.</summary>
[Authorize(Policy = Permissions.KpiRead)]
internal sealed class IndexModel(ResultHandler results, PeriodHandler periods) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<KpiPeriodDto> Closed { get; private set; } = [];

    public Page<PersonResult> Result { get; private set; } = new([], 0, 1, 50);

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Performance/Results?period={Period}&q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Closed = (await periods.ListAsync(1, 200, ct)).Items.Where(p => p.Status == "closed").ToList();
        Period ??= Closed.Count > 0 ? Closed[0].Id : null;
        if (Period is { } id && Closed.Any(p => p.Id == id))
        {
            Result = await results.ListAsync(id, Q, PageNumber, 50, ct);
        }
    }
}
