using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Periods;

[Authorize(Policy = Permissions.KpiRead)]
internal sealed class IndexModel(PeriodHandler periods, Texts t) : SkillgatePage
{
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<KpiPeriodDto> Result { get; private set; } = new([], 0, 1, 25);

    public bool CanConfigure { get; private set; }

    public bool CanClose { get; private set; }

    public KpiReproduction? Reproduction { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Performance/Periods?page={p}");

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostCreateAsync(string? kind, DateOnly? startsOn, CancellationToken ct) =>
        ChangeAsync(Permissions.KpiConfigure, () => periods.CreateAsync(new KpiPeriodInput(kind, startsOn), ct), "/Performance/Periods", () => LoadAsync(ct));

    public async Task<IActionResult> OnPostComputeAsync(Guid periodId, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.KpiConfigure))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var result = await periods.ComputeAsync(periodId, ct);
            Flash(t["kpi.computed", result.Scores, result.Definitions, result.Milliseconds]);
            return Redirect("/Performance/Periods");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    public Task<IActionResult> OnPostCloseAsync(Guid periodId, string? password, string? meaning, CancellationToken ct) =>
        ChangeAsync(Permissions.KpiClose, () => periods.CloseAsync(periodId, new KpiCloseInput(password, meaning), ct), "/Performance/Periods", () => LoadAsync(ct));

    public async Task<IActionResult> OnPostReproduceAsync(Guid periodId, CancellationToken ct) => await Attempt(async () =>
    {
        Reproduction = await periods.ReproduceAsync(periodId, ct);
        await LoadAsync(ct);
        return Page();
    }, async () =>
    {
        await LoadAsync(ct);
        return Page();
    });

    private async Task LoadAsync(CancellationToken ct)
    {
        CanConfigure = await CanAsync(Permissions.KpiConfigure);
        CanClose = await CanAsync(Permissions.KpiClose);
        Result = await periods.ListAsync(PageNumber, 25, ct);
    }
}
