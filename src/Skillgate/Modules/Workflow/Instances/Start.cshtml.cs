using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Instances;

[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed class StartModel(
    DefinitionHandler definitions, InstanceHandler instances, ReferenceOptions references, IOrganizationDirectory organization, FileStore files, PlatformDb db, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string Definition { get; set; } = "";

    public Dictionary<string, string?> Form { get; private set; } = new(StringComparer.Ordinal);

    public DefinitionDto Process { get; private set; } = null!;

    public StepDef First { get; private set; } = null!;

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public FieldsView Fields { get; private set; } = null!;

    public bool MayStart { get; private set; }

    public Guid? OrgUnitId { get; private set; }

    public string? Title { get; private set; }

    public string? Comment { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public async Task<IActionResult> OnPostAsync(Guid orgUnitId, string? title, string? comment, CancellationToken ct)
    {
        (OrgUnitId, Title, Comment) = (orgUnitId, title, comment);
        Form = Uploads.Fields(Request);
        try
        {
            await LoadAsync(ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await Attempt(async () =>
        {
            await Uploads.SaveAsync(Request, First.Form, Form, files, db, ct);
            var started = await instances.StartAsync(new StartInput(Definition, orgUnitId, title, Form, comment), ct);
            Flash(t["workflow.started_flash", started.Number]);
            return Redirect($"/Workflow/Instances/Details?id={started.Id}");
        }, () => Task.FromResult<IActionResult>(Page()));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Process = await definitions.GetAsync(Definition, ct);
        var published = Process.Versions.FirstOrDefault(v => v.Status == "published") ?? throw new NotFoundException(t["workflow.definition_unknown"]);
        First = published.Steps[0];
        MayStart = User.IsInRole(First.Role);
        Units = await organization.VisibleTreeAsync(false, ct);
        Fields = new FieldsView("start", First.Form, Form, await references.ForAsync(First.Form, ct), t, Enforce: true);
    }
}
