using System.Text.Json;
using Skillgate.Modules.Training.Contracts;

namespace Skillgate.Modules.Training.Demand;

/// <summary>The demand page's chart (drawn by wwwroot/js/charts.js): seats per month, those already in a plan and those still open.</summary>
internal static class DemandChart
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Seats(DemandDto demand, string planned, string open) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        legend = new { top = 0, data = new[] { planned, open } },
        grid = new { left = 45, right = 15, top = 30, bottom = 30 },
        xAxis = new { type = "category", data = demand.Months.Select(m => m.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToArray() },
        yAxis = new { type = "value", minInterval = 1 },
        series = new object[]
        {
            new { name = planned, type = "bar", stack = "seats", itemStyle = new { color = "#198754" }, data = demand.Months.Select(m => m.Seats - m.OpenSeats).ToArray() },
            new { name = open, type = "bar", stack = "seats", itemStyle = new { color = "#fd7e14" }, data = demand.Months.Select(m => m.OpenSeats).ToArray() },
        },
    }, Json);
}
