using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Positions;

[Authorize(Policy = Permissions.OrgRead)]
internal sealed class DetailsModel(PositionHandler positions, OrgUnitHandler units, ReadableHistory history) : SkillgatePage
{
    public PositionDto Position { get; private set; } = null!;

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(() => LoadAsync(id, ct));

    public Task<IActionResult> OnPostAsync(Guid id, int version, string name, Guid orgUnitId, bool active, CancellationToken ct) =>
        ChangeAsync(Permissions.OrgWrite, () => positions.UpdateAsync(id, new PositionUpdate(name, orgUnitId, active, version), ct), $"/Organization/Positions/Details?id={id}", () => LoadAsync(id, ct));

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Position = await positions.GetAsync(id, ct);
        Units = await units.TreeAsync(false, ct);
        History = await history.ForEntityAsync("position", id, ct);
        CanWrite = await CanAsync(Permissions.OrgWrite);
    }
}
