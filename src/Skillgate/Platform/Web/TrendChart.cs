using System.Text.Json;

namespace Skillgate.Platform.Web;

/// <summary>The cockpit's trend charts as ECharts options (drawn by wwwroot/js/charts.js): a line per series over the window's months.</summary>
internal static class TrendChart
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Shares (0–1) as percentages; a month without data is a gap in its line.</summary>
    public static string Percent(CockpitWindow window, IEnumerable<(string Name, IReadOnlyList<double?> Values)> series) =>
        Lines(window, series.Select(s => (s.Name, (IReadOnlyList<double?>)[.. s.Values.Select(v => v is { } x ? Math.Round(x * 100, 1) : (double?)null)])), "{value}%", 0, 100);

    public static string Numbers(CockpitWindow window, IEnumerable<(string Name, IReadOnlyList<double?> Values)> series) => Lines(window, series, "{value}", null, null);

    /// <summary>Bars side by side per category (e.g. cost and saving per course).</summary>
    public static string Bars(IReadOnlyList<string> categories, IEnumerable<(string Name, IReadOnlyList<double> Values)> series) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        legend = new { type = "scroll", top = 0 },
        grid = new { left = 60, right = 15, top = 35, bottom = 50 },
        xAxis = new { type = "category", data = categories, axisLabel = new { interval = 0, rotate = categories.Count > 3 ? 20 : 0 } },
        yAxis = new { type = "value" },
        series = series.Select(s => new { name = s.Name, type = "bar", data = s.Values }).ToArray(),
    }, Json);

    private static string Lines(CockpitWindow window, IEnumerable<(string Name, IReadOnlyList<double?> Values)> series, string format, double? min, double? max) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        legend = new { type = "scroll", top = 0 },
        grid = new { left = 50, right = 15, top = 35, bottom = 30 },
        xAxis = new { type = "category", data = window.Labels },
        yAxis = new { type = "value", min, max, axisLabel = new { formatter = format } },
        series = series.Select(s => new { name = s.Name, type = "line", connectNulls = false, symbolSize = 6, data = s.Values }).ToArray(),
    }, Json);
}
