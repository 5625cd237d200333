using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Statistics;
using Skillgate.Platform.Time;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Metrics;

[Authorize(Policy = Permissions.QualityRead)]
internal sealed class IndexModel(MetricQueries metrics, PlantTime plantTime, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string Dimension { get; set; } = "line";

    [BindProperty(SupportsGet = true)]
    public string Period { get; set; } = "month";

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? DefectType { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? BaselineFrom { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? BaselineTo { get; set; }

    public IReadOnlyList<MetricRow> Rows { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Label, long Produced, long Defects, long Reworked, long Good, int Signals)> Groups { get; private set; } = [];

    public IReadOnlyList<ControlPoint> Points { get; private set; } = [];

    public string? ChartOption { get; private set; }

    public string? GroupLabel { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => Attempt(async () =>
    {
        var today = await plantTime.TodayAsync(null, ct);
        To ??= today;
        From ??= Periods.Back("month", To.Value, 11);
        Rows = await metrics.RowsAsync(Dimension, Period, From.Value, To.Value, DefectType, ct);
        // Each group's chart is drawn once, from its own rows: its signals count in the table, and the selected one is shown.
        var charts = Rows.GroupBy(r => r.GroupId).ToDictionary(g => g.Key, g => MetricQueries.Chart(g.ToList(), g.Key, Period, From.Value, To.Value, BaselineFrom, BaselineTo));
        Groups = Rows.GroupBy(r => (r.GroupId, r.Group)).Select(g => (
                g.Key.GroupId, g.Key.Group, g.Sum(r => r.Produced), g.Sum(r => r.Defects), g.Sum(r => r.Reworked), g.Sum(r => r.FirstPassGood),
                charts[g.Key.GroupId].Count(p => p.Rules.Count > 0)))
            .OrderByDescending(g => g.Item3 == 0 ? 0 : (double)g.Item4 / g.Item3).ToList();
        var selected = Group is { } chosen && Groups.Any(g => g.Id == chosen) ? chosen : Groups.Count > 0 ? Groups[0].Id : Guid.Empty;
        if (Groups.Count > 0)
        {
            Group = selected;
            GroupLabel = Groups.First(g => g.Id == selected).Label;
            Points = charts[selected];
            ChartOption = Charts.PChart(Points.Select(p => p.Period.ToString(Period == "month" ? "yyyy-MM" : "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                Points.Select(p => new ChartPoint(p.P, p.Center, p.Lower, p.Upper, p.Rules, p.InBaseline)).ToList(), t["metrics.defect_rate"], t["metrics.center"], t["metrics.limits"], t["metrics.baseline"]);
        }

        return Page();
    }, () => Task.FromResult<IActionResult>(Page()));
}
