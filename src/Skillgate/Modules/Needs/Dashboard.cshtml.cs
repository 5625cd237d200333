using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Needs.Board;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs;

[Authorize(Policy = Permissions.NeedsRead)]
internal sealed class DashboardModel(NeedHandler needs) : SkillgatePage
{
    public IReadOnlyList<NeedCount> Counts { get; private set; } = [];

    public string Chart(string group) => Charts.Pie(Counts.Where(c => c.Group == group).Select(c => (c.Label, (double)c.Count)));

    public string UnitChart()
    {
        var units = Counts.Where(c => c.Group == "unit").Take(15).Reverse().ToList();
        return Charts.Bars(units.Select(u => u.Label).ToList(), units.Select(u => (double)u.Count).ToList());
    }

    public async Task OnGetAsync(CancellationToken ct) => Counts = await needs.DashboardAsync(ct);
}
