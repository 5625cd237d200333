using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Sector;

/// <summary>The administrator chooses the organisation's sector, or writes its own words, and sees every page switch.</summary>
[Authorize(Policy = Permissions.SectorConfigure)]
internal sealed class IndexModel(SectorHandler sectors, Texts t) : SkillgatePage
{
    public SectorDto Current { get; private set; } = null!;

    /// <summary>The words the custom form shows: the stored custom words, else the current preset's.</summary>
    public IReadOnlyList<SectorTermDto> Words => Current.Terms;

    public async Task OnGetAsync(CancellationToken ct) => Current = await sectors.GetAsync(ct);

    public async Task<IActionResult> OnPostAsync(string sector, int version, [FromForm] Dictionary<string, SectorTermForm>? terms, CancellationToken ct) =>
        await Attempt(async () =>
        {
            var custom = sector == SectorTerms.Custom
                ? SectorTerms.Codes.Select(c => terms?.GetValueOrDefault(c) is { } f ? new SectorTermDto(c, f.Zh ?? "", f.En ?? "", f.EnPlural ?? "") : new SectorTermDto(c, "", "", "")).ToList()
                : null;
            await sectors.SetAsync(new SectorInput(sector, custom, version), ct);
            Flash(t["action.saved"]);
            return Redirect("/Organization/Sector");
        }, async () =>
        {
            Current = await sectors.GetAsync(ct);
            return Page();
        });

    /// <summary>One term's row of the custom form.</summary>
    internal sealed class SectorTermForm
    {
        public string? Zh { get; set; }

        public string? En { get; set; }

        public string? EnPlural { get; set; }
    }
}
