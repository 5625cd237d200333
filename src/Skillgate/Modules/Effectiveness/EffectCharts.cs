using System.Text.Json;
using Skillgate.Modules.Effectiveness.Contracts;

namespace Skillgate.Modules.Effectiveness;

/// <summary>The evaluation page's ECharts options (drawn by wwwroot/js/charts.js): the event study with its interval band, and participation against effect.</summary>
internal static class EffectCharts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Effects by periods before and after training, in percentage points, with the 95 % band and the zero and training lines.</summary>
    public static string EventStudy(IReadOnlyList<EventDto> events, string estimate, string band, string training) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        legend = new { top = 0, data = new[] { estimate, band } },
        grid = new { left = 55, right = 20, top = 30, bottom = 30 },
        xAxis = new { type = "category", data = events.Select(e => e.EventTime.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() },
        yAxis = new { type = "value", axisLabel = new { formatter = "{value} pp" } },
        series = new object[]
        {
            new { name = band, type = "line", stack = "ci", stackStrategy = "all", symbol = "none", lineStyle = new { opacity = 0 }, data = events.Select(e => Pp(e.Lower)).ToArray() },
            new
            {
                name = band, type = "line", stack = "ci", stackStrategy = "all", symbol = "none", lineStyle = new { opacity = 0 },
                areaStyle = new { color = "rgba(13,110,253,0.18)" }, data = events.Select(e => Pp(e.Upper - e.Lower)).ToArray(),
            },
            new
            {
                name = estimate, type = "line", symbolSize = 7, data = events.Select(e => Pp(e.Estimate)).ToArray(),
                markLine = new
                {
                    silent = true, symbol = "none",
                    data = new object[]
                    {
                        new { yAxis = 0, lineStyle = new { color = "#6c757d" } },
                        new { xAxis = events.Select((e, i) => (e, i)).FirstOrDefault(x => x.e.EventTime == 0).i, lineStyle = new { color = "#dc3545", type = "dashed" }, label = new { formatter = training, position = "insideEndTop" } },
                    },
                },
            },
        },
    }, Json);

    /// <summary>Each department: the share of its people trained (x) against the effect on them (y, percentage points).</summary>
    public static string ParticipationVsEffect(IEnumerable<DiagnosticDto> departments, string participation, string effect) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "item" },
        grid = new { left = 55, right = 20, top = 20, bottom = 40 },
        xAxis = new { type = "value", name = participation, nameLocation = "middle", nameGap = 25, axisLabel = new { formatter = "{value}%" }, min = 0, max = 100 },
        yAxis = new { type = "value", name = effect, axisLabel = new { formatter = "{value} pp" } },
        series = new[]
        {
            new
            {
                type = "scatter", symbolSize = 14,
                data = departments.Where(d => d.Effect is not null && d.Participation is not null)
                    .Select(d => new { name = d.Label, value = new[] { Math.Round(d.Participation!.Value * 100, 1), Pp(d.Effect!.Estimate) } }).ToArray(),
            },
        },
    }, Json);

    private static double Pp(double rate) => Math.Round(rate * 100, 3);
}
