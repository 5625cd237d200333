using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Attribution;

/// <summary>One defect's attribution, its history of decisions, and QA's form to confirm or change it.</summary>
[Authorize(Policy = Permissions.QualityRead)]
internal sealed class DefectModel(AttributionHandler attribution, IOrganizationDirectory organization) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public AttributeInput Form { get; set; } = new(null, null, null, null, null, null);

    public DefectAttributionDetail? Detail { get; private set; }

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

    public bool CanDecide { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(async () =>
    {
        await LoadAsync(ct);
        var d = Detail!.Defect;
        Form = new AttributeInput(d.Cause, d.Controllable, d.ResponsibleFunction, null, null, null);
    });

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await CanAsync(Permissions.QualityAttribute))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            await attribution.DecideAsync(Id, Form, ct);
            Flash(HttpContext.RequestServices.GetRequiredService<Skillgate.Platform.Localization.Texts>()["action.saved"]);
            return Redirect($"/Quality/Attribution/Defect?id={Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanDecide = await CanAsync(Permissions.QualityAttribute);
        Detail = await attribution.GetAsync(Id, ct);
        Functions = await organization.FunctionNamesAsync(ct);
    }
}
