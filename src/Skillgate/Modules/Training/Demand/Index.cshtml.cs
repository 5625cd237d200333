using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Demand;

/// <summary>Predicted demand for the next six months below a unit, with one click per month turning the open seats into plan lines.</summary>
[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class IndexModel(DemandHandler demand) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? OrgUnitId { get; set; }

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public DemandDto? Demand { get; private set; }

    public bool CanPlan { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public async Task<IActionResult> OnPostPlanAsync(DateOnly month, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.PlanWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var result = await demand.PlanAsync(new DemandPlanInput(OrgUnitId ?? Guid.Empty, month), ct);
            return Redirect($"/Training/Plans/Details?id={result.PlanId}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await demand.UnitsAsync(ct);
        CanPlan = await CanAsync(Permissions.PlanWrite);
        if (Units.Count > 0)
        {
            Demand = await demand.ForecastAsync(OrgUnitId, ct);
            OrgUnitId = Demand.OrgUnitId;
        }
    }
}
