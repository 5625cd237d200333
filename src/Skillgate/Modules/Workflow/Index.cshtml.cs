using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow;

[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed class IndexModel(InstanceReader instances, DefinitionHandler definitions) : SkillgatePage
{
    public static readonly IReadOnlyList<string> Statuses = ["open", "completed", "rejected"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; } = "open";

    [BindProperty(SupportsGet = true)]
    public string? Definition { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<InstanceSummary> Result { get; private set; } = new([], 0, 1, 25);

    public IReadOnlyList<DefinitionSummary> Definitions { get; private set; } = [];

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total,
        p => $"/Workflow?status={Status}&definition={Definition}&overdue={Overdue}&q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Definitions = await definitions.ListAsync(ct);
        Result = await instances.ListAsync(Status, Definition, Q, Overdue, PageNumber, 25, ct);
    }
}
