using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Plans;

[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class IndexModel(PlanHandler plans, IOrganizationDirectory organization) : SkillgatePage
{
    public IReadOnlyList<PlanDto> Plans { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string title, string periodKind, DateOnly periodStart, Guid orgUnitId, decimal budget, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.PlanWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var created = await plans.CreateAsync(new PlanInput(title, periodKind, periodStart, orgUnitId, budget), ct);
            return Redirect($"/Training/Plans/Details?id={created.Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Plans = await plans.ListAsync(ct);
        CanWrite = await CanAsync(Permissions.PlanWrite);
        Units = CanWrite ? await organization.VisibleTreeAsync(false, ct) : [];
    }
}
