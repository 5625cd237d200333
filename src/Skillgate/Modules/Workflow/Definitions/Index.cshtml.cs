using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Definitions;

[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed class IndexModel(DefinitionHandler definitions, Texts t) : SkillgatePage
{
    public IReadOnlyList<DefinitionSummary> Items { get; private set; } = [];

    public bool CanDesign { get; private set; }

    [BindProperty]
    public NewDefinitionInput Input { get; set; } = new(null, null, null);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await CanAsync(Permissions.WorkflowDesign))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var created = await definitions.CreateAsync(Input, ct);
            Flash(t["wfdesign.created", created.Code]);
            return Redirect($"/Workflow/Definitions/Edit?code={Uri.EscapeDataString(created.Code)}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanDesign = await CanAsync(Permissions.WorkflowDesign);
        Items = await definitions.ListAsync(ct);
    }
}
