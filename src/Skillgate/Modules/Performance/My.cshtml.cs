using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Scores;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance;

/// <summary>A person's own KPIs on the phone: the latest score of each, its trend over the periods, and the records behind it.</summary>
[Authorize(Policy = Permissions.KpiSelf)]
internal sealed class MyModel(ScoreHandler scores, Goals.GoalHandler goals, CurrentUser me) : SkillgatePage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<(KpiScoreDto Latest, string Chart)> Kpis { get; private set; } = [];

    public IReadOnlyList<GoalNode> Goals { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Goals = me.EmployeeId is { } employee ? await goals.ForPersonAsync(employee, ct) : [];
        var mine = await scores.MineAsync(ct);
        Kpis = mine.GroupBy(s => s.DefinitionId)
            .Select(g => (g.First(), Trend(g.OrderBy(s => s.PeriodLabel, StringComparer.Ordinal).ToList())))
            .OrderBy(k => k.Item1.Name, StringComparer.CurrentCulture).ToList();
    }

    private static string Trend(IReadOnlyList<KpiScoreDto> series) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        grid = new { left = 45, right = 15, top = 15, bottom = 25 },
        xAxis = new { type = "category", data = series.Select(s => s.PeriodLabel).ToArray() },
        yAxis = new { type = "value", scale = true },
        series = new object[]
        {
            new
            {
                type = "line", symbolSize = 7, data = series.Select(s => s.Value is { } v ? (double?)(double)v : null).ToArray(),
                markLine = new { silent = true, symbol = "none", data = new[] { new { yAxis = (double)series[^1].Target, lineStyle = new { color = "#dc3545", type = "dashed" } } } },
            },
        },
    }, Json);
}
