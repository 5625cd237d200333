using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Positions;

[Authorize(Policy = Permissions.OrgRead)]
internal sealed class DetailsModel(PositionHandler positions, OrgUnitHandler units, AuditHistory history, IAuthorizationService authz, Texts t) : SkillgatePage
{
    public PositionDto Position { get; private set; } = null!;

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int version, string name, Guid orgUnitId, bool active, CancellationToken ct)
    {
        if (!(await authz.AuthorizeAsync(User, Permissions.OrgWrite)).Succeeded)
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            await positions.UpdateAsync(id, new PositionUpdate(name, orgUnitId, active, version), ct);
            Flash(t["action.saved"]);
            return Redirect($"/Organization/Positions/Details?id={id}");
        }, async () =>
        {
            await LoadAsync(id, ct);
            return Page();
        });
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Position = await positions.GetAsync(id, ct);
        Units = await units.TreeAsync(false, ct);
        History = await history.ForEntityAsync("position", id, ct);
        CanWrite = (await authz.AuthorizeAsync(User, Permissions.OrgWrite)).Succeeded;
    }
}
