using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.ShiftGroups;

[Authorize(Policy = Permissions.OrgRead)]
internal sealed class IndexModel(ShiftGroupHandler shifts, OrgUnitHandler units, Texts t) : SkillgatePage
{
    public IReadOnlyList<ShiftGroupDto> Groups { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public string UnitName(Guid id) => Units.FirstOrDefault(u => u.Id == id)?.Name ?? "—";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string code, string name, string? pattern, Guid? orgUnitId, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.OrgWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var created = await shifts.CreateAsync(new ShiftGroupInput(code, name, orgUnitId, pattern), ct);
            Flash(t["shifts.created", created.Name]);
            return Redirect("/Organization/ShiftGroups");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Groups = await shifts.ListAsync(ct);
        Units = await units.TreeAsync(false, ct);
        CanWrite = await CanAsync(Permissions.OrgWrite);
    }
}
