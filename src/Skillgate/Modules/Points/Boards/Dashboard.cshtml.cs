using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Boards;

/// <summary>The points dashboard: participation rate, points by category and unit, the top 10, and the month's export.</summary>
[Authorize(Policy = Permissions.PointsRead)]
internal sealed class DashboardModel(DashboardHandler dashboards, BoardHandler boards, Texts texts) : SkillgatePage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [BindProperty(SupportsGet = true)]
    public Guid? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public IReadOnlyList<(Guid Id, string Name, int Depth)> Units { get; private set; } = [];

    public PointsDashboardDto? Dashboard { get; private set; }

    public string RateChart { get; private set; } = "";

    public string MonthChart { get; private set; } = "";

    public string UnitChart { get; private set; } = "";

    public string ShareChart { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Units = await boards.UnitsAsync(ct);
        return await Attempt(async () =>
        {
            var d = Dashboard = await dashboards.GetAsync(Unit, Month, ct);
            Unit = d.OrgUnitId;
            Month = d.Month;
            RateChart = Serialize(new
            {
                animation = false,
                tooltip = new { trigger = "axis" },
                grid = new { left = 50, right = 15, top = 15, bottom = 30 },
                xAxis = new { type = "category", data = d.Months.Select(m => m.Month).ToArray() },
                yAxis = new { type = "value", min = 0, max = 100, axisLabel = new { formatter = "{value}%" } },
                series = new object[] { new { type = "line", name = texts["points.participation_rate"].Value, data = d.Months.Select(m => d.People == 0 ? 0 : Math.Round(100.0 * m.Participating / d.People, 1)).ToArray() } },
            });
            MonthChart = Serialize(Stacked(d.Months.Select(m => m.Month).ToArray(), d.Months.Select(m => (m.Participation, m.Results, m.Growth)).ToList()));
            UnitChart = Serialize(Stacked(d.Units.Select(u => u.Name).ToArray(), d.Units.Select(u => (u.Participation, u.Results, u.Growth)).ToList()));
            ShareChart = Points.IndexModel.CategoryChart(d.Board.Shares, texts);
            return Page();
        }, () => Task.FromResult<IActionResult>(Page()));
    }

    private object Stacked(string[] categories, IReadOnlyList<(int Participation, int Results, int Growth)> values) => new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        legend = new { bottom = 0 },
        grid = new { left = 50, right = 15, top = 15, bottom = 60 },
        xAxis = new { type = "category", data = categories },
        yAxis = new { type = "value" },
        series = new object[]
        {
            new { type = "bar", stack = "points", name = texts["points.category.participation"].Value, data = values.Select(v => v.Participation).ToArray() },
            new { type = "bar", stack = "points", name = texts["points.category.results"].Value, data = values.Select(v => v.Results).ToArray() },
            new { type = "bar", stack = "points", name = texts["points.category.growth"].Value, data = values.Select(v => v.Growth).ToArray() },
        },
    };

    private static string Serialize(object chart) => JsonSerializer.Serialize(chart, Json);
}
