using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Goals;

/// <summary>A goal's cascade: the tree coloured by status, the trends, every goal below with its progress, and forms to add goals below it.</summary>
[Authorize(Policy = Permissions.KpiRead)]
internal sealed class TreeModel(
    GoalHandler goals, GoalTemplateHandler templates, DefinitionHandler definitions, Periods.PeriodHandler periods, IOrganizationDirectory organization, TimeProvider clock, Texts t)
    : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public GoalTree? Tree { get; private set; }

    public IReadOnlyList<(GoalNode Node, int Depth)> Rows { get; private set; } = [];

    public IReadOnlyList<GoalTemplateDto> Templates { get; private set; } = [];

    public GoalFieldsModel? Fields { get; private set; }

    public bool CanConfigure { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public Task<IActionResult> OnPostGoalAsync(GoalInput goal, CancellationToken ct) =>
        ChangeAsync(Permissions.KpiConfigure, () => goals.CreateAsync(goal with { ParentId = Id }, ct), $"/Performance/Goals/Tree?id={Id}", () => LoadAsync(ct));

    public async Task<IActionResult> OnPostApplyAsync(Guid? templateId, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.KpiConfigure))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var result = await templates.ApplyAsync(Id, new ApplyTemplateInput(templateId), ct);
            Flash(t["goal.applied", result.Created, result.AlreadyThere]);
            return Redirect($"/Performance/Goals/Tree?id={Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    public Task<IActionResult> OnPostDeleteAsync(Guid goalId, CancellationToken ct) =>
        ChangeAsync(Permissions.KpiConfigure, () => goals.DeleteAsync(goalId, ct), goalId == Id ? "/Performance/Goals" : $"/Performance/Goals/Tree?id={Id}", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        CanConfigure = await CanAsync(Permissions.KpiConfigure);
        Tree = await goals.TreeAsync(Id, ct);
        var children = Tree.Nodes.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!.Value);
        var rows = new List<(GoalNode, int)>();

        void Walk(GoalNode node, int depth)
        {
            rows.Add((node, depth));
            foreach (var child in children[node.Id])
            {
                Walk(child, depth + 1);
            }
        }

        Walk(Tree.Nodes.First(n => n.Id == Id), 0);
        Rows = rows;
        if (CanConfigure)
        {
            Templates = await templates.ListAsync(ct);
            Fields = new GoalFieldsModel((await definitions.ListAsync(null, 1, 200, ct)).Items, await organization.VisibleTreeAsync(false, ct), (await periods.ListAsync(1, 100, ct)).Items,
                DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        }
    }
}
