using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Goals;

/// <summary>The top goals with their progress, a form for a new one, and the goal templates.</summary>
[Authorize(Policy = Permissions.KpiRead)]
internal sealed class IndexModel(
    GoalHandler goals, GoalTemplateHandler templates, DefinitionHandler definitions, Periods.PeriodHandler periods, IOrganizationDirectory organization, TimeProvider clock) : SkillgatePage
{
    public IReadOnlyList<GoalNode> Roots { get; private set; } = [];

    public IReadOnlyList<GoalTemplateDto> Templates { get; private set; } = [];

    public IReadOnlyList<KpiDefinitionSummary> Kpis { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Positions { get; private set; } = [];

    public bool CanConfigure { get; private set; }

    public GoalFieldsModel? Fields { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostGoalAsync(GoalInput goal, CancellationToken ct) =>
        ChangeAsync(Permissions.KpiConfigure, () => goals.CreateAsync(goal with { ParentId = null }, ct), "/Performance/Goals", () => LoadAsync(ct));

    public Task<IActionResult> OnPostTemplateAsync(GoalTemplateInput template, CancellationToken ct) =>
        ChangeAsync(Permissions.KpiConfigure, () => templates.CreateAsync(template, ct), "/Performance/Goals#templates", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        CanConfigure = await CanAsync(Permissions.KpiConfigure);
        Roots = await goals.RootsAsync(ct);
        Templates = await templates.ListAsync(ct);
        if (CanConfigure)
        {
            Kpis = (await definitions.ListAsync(null, 1, 200, ct)).Items;
            Functions = await organization.FunctionNamesAsync(ct);
            Units = await organization.VisibleTreeAsync(false, ct);
            Positions = await templates.PositionsAsync(ct);
            Fields = new GoalFieldsModel(Kpis, Units, (await periods.ListAsync(1, 100, ct)).Items, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        }
    }
}
