using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Lists;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.OrgUnits;

[Authorize(Policy = Permissions.OrgRead)]
internal sealed class IndexModel(OrgUnitHandler units, ListHandler lists, Texts t) : SkillgatePage
{
    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<ListEntryDto> Types { get; private set; } = [];

    public IReadOnlyList<ListEntryDto> Functions { get; private set; } = [];

    public bool CanWrite { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Inactive { get; set; }

    [BindProperty]
    public OrgUnitForm Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await CanAsync(Permissions.OrgWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var created = await units.CreateAsync(new OrgUnitInput(Input.Code, Input.Name, Input.UnitType, Input.ParentId, Input.Functions, 0), ct);
            Flash(t["org.unit.created", created.Name]);
            return Redirect("/Organization/OrgUnits");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    public string TypeName(string code, bool chinese) =>
        Types.FirstOrDefault(x => x.Code == code) is { } e ? (chinese ? e.NameZh : e.NameEn) : code;

    public string FunctionName(string code, bool chinese) =>
        Functions.FirstOrDefault(x => x.Code == code) is { } e ? (chinese ? e.NameZh : e.NameEn) : code;

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await units.TreeAsync(Inactive, ct);
        Types = await lists.UnitTypesAsync(ct);
        Functions = await lists.FunctionTagsAsync(ct);
        CanWrite = await CanAsync(Permissions.OrgWrite);
    }
}

internal sealed class OrgUnitForm
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string UnitType { get; set; } = "team";

    public Guid? ParentId { get; set; }

    public List<string>? Functions { get; set; }
}
