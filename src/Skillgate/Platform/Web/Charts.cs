using System.Text.Json;
using Skillgate.Platform.Statistics;

namespace Skillgate.Platform.Web;

/// <summary>ECharts options built on the server and handed to wwwroot/js/charts.js in a data-chart attribute (no inline script under the CSP).</summary>
internal static class Charts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Rates (0..1) over periods, one line per series, shown as percentages.</summary>
    public static string Rates(IReadOnlyList<string> periods, IEnumerable<(string Name, IReadOnlyList<double> Values)> series) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        legend = new { top = 0 },
        grid = new { left = 50, right = 20, top = 30, bottom = 30 },
        xAxis = new { type = "category", data = periods },
        yAxis = new { type = "value", axisLabel = new { formatter = "{value}%" } },
        series = series.Select(s => new { name = s.Name, type = "line", data = s.Values.Select(v => Math.Round(v * 100, 3)).ToArray() }).ToArray(),
    }, Json);

    /// <summary>A p-chart: the proportion, its centre line and 3σ limits, points breaking a Western Electric rule marked red.</summary>
    public static string PChart(IReadOnlyList<string> periods, IReadOnlyList<ChartPoint> points, string name, string centre, string limits, string baseline) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        legend = new { top = 0 },
        grid = new { left = 50, right = 20, top = 30, bottom = 30 },
        xAxis = new { type = "category", data = periods },
        yAxis = new { type = "value", axisLabel = new { formatter = "{value}%" } },
        series = new object[]
        {
            new
            {
                name, type = "line",
                data = points.Select(p => (object)new
                {
                    value = Math.Round(p.P * 100, 3),
                    itemStyle = p.Rules.Count > 0 ? new { color = "#dc3545" } : null,
                    symbolSize = p.Rules.Count > 0 ? 10 : 5,
                }).ToArray(),
                markArea = BaselineArea(periods, points, baseline),
            },
            new { name = centre, type = "line", symbol = "none", lineStyle = new { type = "dashed" }, data = points.Select(p => Math.Round(p.Center * 100, 3)).ToArray() },
            new { name = limits, type = "line", symbol = "none", step = "middle", lineStyle = new { type = "dotted", color = "#dc3545" }, data = points.Select(p => Math.Round(p.Upper * 100, 3)).ToArray() },
            new { name = limits, type = "line", symbol = "none", step = "middle", lineStyle = new { type = "dotted", color = "#dc3545" }, data = points.Select(p => Math.Round(p.Lower * 100, 3)).ToArray() },
        },
    }, Json);

    /// <summary>The shaded band over the baseline (phase I) periods that set the limits.</summary>
    private static object? BaselineArea(IReadOnlyList<string> periods, IReadOnlyList<ChartPoint> points, string label)
    {
        var inside = points.Select((p, i) => (p, i)).Where(x => x.p.InBaseline).Select(x => x.i).ToList();
        return inside.Count == 0
            ? null
            : new
            {
                silent = true,
                itemStyle = new { color = "rgba(13,110,253,0.08)" },
                label = new { show = true, position = "insideTop", formatter = label },
                data = new[] { new object[] { new { xAxis = periods[inside[0]] }, new { xAxis = periods[inside[^1]] } } },
            };
    }

    /// <summary>A heat map of shares (0..1) over two category axes, shown as percentages from red to green.</summary>
    public static string Heatmap(IReadOnlyList<string> columns, IReadOnlyList<string> rows, IEnumerable<(int Column, int Row, double Share)> cells) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { position = "top" },
        grid = new { left = 140, right = 20, top = 10, bottom = 90 },
        xAxis = new { type = "category", data = columns, axisLabel = new { rotate = 40, interval = 0 } },
        yAxis = new { type = "category", data = rows },
        visualMap = new { min = 0, max = 100, calculable = true, orient = "horizontal", left = "center", bottom = 0, inRange = new { color = new[] { "#dc3545", "#ffc107", "#198754" } } },
        series = new[]
        {
            new { type = "heatmap", label = new { show = true }, data = cells.Select(c => new object[] { c.Column, c.Row, Math.Round(c.Share * 100) }).ToArray() },
        },
    }, Json);

    public static string Bars(IReadOnlyList<string> labels, IReadOnlyList<double> values) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        grid = new { left = 120, right = 20, top = 10, bottom = 20 },
        xAxis = new { type = "value" },
        yAxis = new { type = "category", data = labels },
        series = new[] { new { type = "bar", data = values } },
    }, Json);

    public static string Pie(IEnumerable<(string Label, double Value)> items) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "item" },
        series = new[] { new { type = "pie", radius = new[] { "40%", "70%" }, data = items.Select(i => new { name = i.Label, value = i.Value }).ToArray() } },
    }, Json);
}
