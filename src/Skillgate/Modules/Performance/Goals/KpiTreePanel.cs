using Skillgate.Modules.Performance.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Goals;

/// <summary>The cockpit's KPI tree: the top goal in scope with the most below it, and its and its children's trends against their targets.</summary>
internal static class KpiTreePanel
{
    public static readonly CockpitPanel Panel = new("kpi-tree", 40, Permissions.KpiRead, "cockpit.kpi", LoadAsync);

    private static async Task<CockpitChart?> LoadAsync(IServiceProvider services, CockpitWindow window, CancellationToken ct)
    {
        var goals = services.GetRequiredService<GoalHandler>();
        var roots = await goals.RootsAsync(ct);
        if (roots.Count == 0)
        {
            return null;
        }

        var root = roots.OrderByDescending(r => r.Children).First();
        var tree = await goals.TreeAsync(root.Id, ct);
        var t = services.GetRequiredService<Texts>();
        var below = tree.Nodes.Where(n => n.ParentId == root.Id).ToList();
        return new CockpitChart(
            t["cockpit.kpi_headline", root.Title, t[PerformanceVocabularies.GoalStatus, root.Status], below.Count(n => n.Status == "behind"), below.Count],
            GoalCharts.Trends(tree), $"/Performance/Goals/Tree?id={root.Id}");
    }
}
