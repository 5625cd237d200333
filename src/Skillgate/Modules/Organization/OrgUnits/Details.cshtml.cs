using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Lists;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.OrgUnits;

[Authorize(Policy = Permissions.OrgRead)]
internal sealed class DetailsModel(OrgUnitHandler units, ListHandler lists, ReadableHistory history, IEnumerable<UnitPanel> panels) : SkillgatePage
{
    /// <summary>Other modules' panels with their models, in registration order; those with nothing to show are left out.</summary>
    public IReadOnlyList<(UnitPanel Panel, object Model)> Panels { get; private set; } = [];

    public OrgUnitDto Unit { get; private set; } = null!;

    public IReadOnlyList<OrgUnitDto> Candidates { get; private set; } = [];

    public IReadOnlyList<ListEntryDto> Types { get; private set; } = [];

    public IReadOnlyList<ListEntryDto> Functions { get; private set; } = [];

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(() => LoadAsync(id, ct));

    public Task<IActionResult> OnPostUpdateAsync(Guid id, int version, string name, string unitType, List<string>? functions, CancellationToken ct) =>
        Write(id, () => units.UpdateAsync(id, new OrgUnitUpdate(name, unitType, functions, Unit?.Sort ?? 0, version), ct), ct);

    public Task<IActionResult> OnPostMoveAsync(Guid id, int version, Guid? newParentId, CancellationToken ct) =>
        Write(id, () => units.MoveAsync(id, new OrgUnitMove(newParentId, version), ct), ct);

    /// <summary>Sets the zone typed in, or with <paramref name="inherit"/> lets the unit take its parent's again.</summary>
    public Task<IActionResult> OnPostTimeZoneAsync(Guid id, int version, string? timeZone, bool inherit, CancellationToken ct) =>
        Write(id, () => units.SetTimeZoneAsync(id, new OrgUnitTimeZone(inherit ? null : timeZone?.Trim() ?? "", version), ct), ct);

    public Task<IActionResult> OnPostDeactivateAsync(Guid id, int version, CancellationToken ct) =>
        Write(id, () => units.DeactivateAsync(id, version, ct), ct);

    public Task<IActionResult> OnPostReactivateAsync(Guid id, int version, CancellationToken ct) =>
        Write(id, () => units.ReactivateAsync(id, version, ct), ct);

    private Task<IActionResult> Write(Guid id, Func<Task> change, CancellationToken ct) =>
        ChangeAsync(Permissions.OrgWrite, change, $"/Organization/OrgUnits/Details?id={id}", () => LoadAsync(id, ct));

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Unit = await units.GetAsync(id, ct);
        Candidates = (await units.TreeAsync(false, ct)).Where(u => u.Id != id).ToList();
        Types = await lists.UnitTypesAsync(ct);
        Functions = await lists.FunctionTagsAsync(ct);
        History = await history.ForEntityAsync("org_unit", id, ct);
        CanWrite = await CanAsync(Permissions.OrgWrite);
        var loaded = new List<(UnitPanel, object)>();
        foreach (var panel in panels)
        {
            if (await panel.LoadModel(HttpContext.RequestServices, id, ct) is { } model)
            {
                loaded.Add((panel, model));
            }
        }

        Panels = loaded;
    }
}
