using System.Text.Json;
using Skillgate.Modules.Performance.Contracts;

namespace Skillgate.Modules.Performance.Goals;

/// <summary>The goal tree page's ECharts options: the cascade as a tree coloured by status, and the trends of a goal and the goals just below it.</summary>
internal static class GoalCharts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The status colour, dark enough for white text on it (WCAG AA).</summary>
    public static string Colour(string status) => status switch
    {
        "met" => "#146c43",
        "near" => "#9a5b00",
        "behind" => "#b02a37",
        _ => "#6c757d",
    };

    public static string Tree(GoalTree tree)
    {
        var children = tree.Nodes.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!.Value);

        object Node(GoalNode n) => new
        {
            name = $"{n.Title} · {n.SubjectName}",
            value = n.Progress is { } p ? Math.Round(p * 100, 1) : (decimal?)null,
            itemStyle = new { color = Colour(n.Status), borderColor = Colour(n.Status) },
            collapsed = children[n.Id].Count() > 12,
            children = children[n.Id].Select(Node).ToArray(),
        };

        var root = tree.Nodes.FirstOrDefault(n => n.Id == tree.RootId);
        return JsonSerializer.Serialize(new
        {
            animation = false,
            tooltip = new { trigger = "item", formatter = "{b}: {c}%" },
            series = new[]
            {
                new
                {
                    type = "tree", data = root is null ? [] : new[] { Node(root) }, top = "5%", left = "30%", bottom = "5%", right = "26%", symbolSize = 12,
                    initialTreeDepth = 3, expandAndCollapse = true,
                    label = new { position = "left", verticalAlign = "middle", align = "right", fontSize = 12 },
                    leaves = new { label = new { position = "right", verticalAlign = "middle", align = "left" } },
                },
            },
        }, Json);
    }

    /// <summary>
    /// The goal's KPI and its children's over the periods of the window, each as a percentage of its own target, so a company's
    /// ppm and a workshop's percentage share one axis (100 is the target; for a lower-is-better KPI, above 100 is worse).
    /// </summary>
    public static string Trends(GoalTree tree)
    {
        var root = tree.Nodes.First(n => n.Id == tree.RootId);
        var lines = new[] { root }.Concat(tree.Nodes.Where(n => n.ParentId == root.Id).Take(8)).ToList();
        var periods = lines.SelectMany(l => l.Trend.Select(p => p.Period)).Distinct().Order(StringComparer.Ordinal).ToArray();
        return JsonSerializer.Serialize(new
        {
            animation = false,
            tooltip = new { trigger = "axis" },
            legend = new { type = "scroll", top = 0 },
            grid = new { left = 50, right = 20, top = 35, bottom = 30 },
            xAxis = new { type = "category", data = periods },
            yAxis = new { type = "value", scale = true, axisLabel = new { formatter = "{value}%" } },
            series = lines.Select((l, i) => new
            {
                name = $"{l.Title} · {l.SubjectName}", type = "line", connectNulls = true,
                data = periods.Select(p => l.Trend.FirstOrDefault(x => x.Period == p)?.Value is { } v && l.Target > 0 ? (double?)Math.Round((double)(v / l.Target * 100), 1) : null).ToArray(),
                markLine = i == 0 ? new { silent = true, symbol = "none", data = new[] { new { yAxis = 100 } } } : null,
            }).ToArray(),
        }, Json);
    }
}
