using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Positions;

[Authorize(Policy = Permissions.OrgRead)]
internal sealed class IndexModel(PositionHandler positions, OrgUnitHandler units, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<PositionDto> Shown { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string code, string name, Guid orgUnitId, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.OrgWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var created = await positions.CreateAsync(new PositionInput(code, name, orgUnitId), ct);
            Flash(t["positions.created", created.Name]);
            return Redirect("/Organization/Positions");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    public async Task<IActionResult> OnPostToggleAsync(Guid id, int version, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.OrgWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var p = await positions.GetAsync(id, ct);
            await positions.UpdateAsync(id, new PositionUpdate(p.Name, p.OrgUnitId, !p.Active, version), ct);
            Flash(t["action.saved"]);
            return Redirect("/Organization/Positions");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await positions.ListAsync(null, ct);
        Shown = string.IsNullOrWhiteSpace(Q)
            ? all
            : all.Where(p => p.Code.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase) || p.Name.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase) || p.OrgUnitName.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        Units = await units.TreeAsync(false, ct);
        CanWrite = await CanAsync(Permissions.OrgWrite);
    }
}
