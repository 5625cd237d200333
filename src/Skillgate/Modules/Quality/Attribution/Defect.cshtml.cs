using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Time;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Attribution;

/// <summary>One defect's attribution, its history of decisions, and QA's form to confirm or change it.</summary>
[Authorize(Policy = Permissions.QualityRead)]
internal sealed class DefectModel(AttributionHandler attribution, DisputeHandler disputes, IOrganizationDirectory organization, ReaderTime readerTime) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public AttributeInput Form { get; set; } = new(null, null, null, null, null, null);

    public DefectAttributionDetail? Detail { get; private set; }

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

    public bool CanDecide { get; private set; }

    public bool CanDispute { get; private set; }

    [BindProperty]
    public DisputeInput Dispute { get; set; } = new(null, null);

    public IReadOnlyList<DefectDisputeDto> Disputes { get; private set; } = [];

    /// <summary>When the defect was found, on its line's clock (the zone named when it is not the reader's); null when the source gave only the day.</summary>
    public string? FoundAt { get; private set; }

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

    public async Task<IActionResult> OnPostDisputeAsync(CancellationToken ct)
    {
        if (!await CanAsync(Permissions.QualityDispute))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var instance = await disputes.StartAsync(Id, Dispute, ct);
            return Redirect($"/Workflow/Instances/Details?id={instance.Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanDecide = await CanAsync(Permissions.QualityAttribute);
        CanDispute = await CanAsync(Permissions.QualityDispute);
        Disputes = await disputes.ListAsync(Id, ct);
        Detail = await attribution.GetAsync(Id, ct);
        Functions = await organization.FunctionNamesAsync(ct);
        FoundAt = Detail.Defect.FoundAt is { } at ? (await readerTime.ForAsync(Detail.Defect.LineId, ct)).Format(at) : null;
    }
}
