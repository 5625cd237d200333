using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Lists;

/// <summary>The administrator extends the org unit types and department function tags here.</summary>
[Authorize(Policy = Permissions.OrgRead)]
internal sealed class IndexModel(ListHandler lists, Texts t) : SkillgatePage
{
    public IReadOnlyList<ListEntryDto> Types { get; private set; } = [];

    public IReadOnlyList<ListEntryDto> Functions { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string kind, string code, string nameZh, string nameEn, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.OrgWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var input = new ListEntryInput(code, nameZh, nameEn, 100);
            _ = kind == "types" ? await lists.AddUnitTypeAsync(input, ct) : await lists.AddFunctionTagAsync(input, ct);
            Flash(t["action.saved"]);
            return Redirect("/Organization/Lists");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Types = await lists.UnitTypesAsync(ct);
        Functions = await lists.FunctionTagsAsync(ct);
        CanWrite = await CanAsync(Permissions.OrgWrite);
    }
}
