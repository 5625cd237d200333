using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow;

[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed class BreachesModel(InstanceReader instances, IOrganizationDirectory organization) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Function { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Open { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<BreachDto> Result { get; private set; } = new([], 0, 1, 25);

    public IReadOnlyList<BreachSummary> Summary { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total,
        p => $"/Workflow/Breaches?function={Function}&open={Open}&page={p}");

    public string FunctionName(string code) => Functions.TryGetValue(code, out var name) ? name : code;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Functions = await organization.FunctionNamesAsync(ct);
        Summary = await instances.BreachSummaryAsync(ct);
        Result = await instances.BreachesAsync(Function, Open, PageNumber, 25, ct);
    }
}
