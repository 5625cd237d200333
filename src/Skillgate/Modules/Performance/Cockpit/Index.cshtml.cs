using Microsoft.AspNetCore.Authorization;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Cockpit;

/// <summary>
/// The management cockpit: each module's chart of the last six months in the caller's scope — participation, coverage,
/// effectiveness, the KPI tree, points, workflow SLAs, cost against saving — each with its headline and the list behind it.
/// </summary>
[Authorize(Policy = Permissions.KpiRead)]
internal sealed class IndexModel(CockpitLoader loader) : SkillgatePage
{
    public IReadOnlyList<(CockpitPanel Panel, CockpitChart? Chart)> Panels { get; private set; } = [];

    public CockpitWindow Window { get; private set; } = CockpitWindow.Ending(DateOnly.MinValue.AddYears(1));

    public async Task OnGetAsync(CancellationToken ct)
    {
        Window = loader.Window();
        Panels = await loader.LoadAsync(User, Window, ct);
    }
}
