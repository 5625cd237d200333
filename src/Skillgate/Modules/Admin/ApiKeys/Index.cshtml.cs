using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Admin.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.ApiKeys;

[Authorize(Policy = Permissions.ApiKeys)]
internal sealed class IndexModel(ApiKeyHandler keys, IOrganizationDirectory organization, CurrentUser me, Texts t) : SkillgatePage
{
    public IReadOnlyList<ApiKeyDto> Keys { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public string? Secret { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string name, List<string>? scopes, Guid? orgUnitId, CancellationToken ct) => Attempt(async () =>
    {
        var created = await keys.CreateAsync(new ApiKeyCreate(name, scopes ?? [], orgUnitId), me.UserId!.Value, ct);
        Secret = created.Secret;
        await LoadAsync(ct);
        return Page();
    }, async () =>
    {
        await LoadAsync(ct);
        return Page();
    });

    public Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct) => Attempt(async () =>
    {
        await keys.RevokeAsync(id, ct);
        Flash(t["apikeys.revoked_done"]);
        return Redirect("/Admin/ApiKeys");
    }, async () =>
    {
        await LoadAsync(ct);
        return Page();
    });

    private async Task LoadAsync(CancellationToken ct)
    {
        Keys = await keys.ListAsync(ct);
        Units = await organization.VisibleTreeAsync(false, ct);
    }
}
