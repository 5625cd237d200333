using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Effectiveness;

/// <summary>
/// The cockpit's effectiveness panels, from each course's latest evaluation in scope: the effect with its 95 % interval (in
/// percentage points of the outcome), and the training's cost against the saving it brings.
/// </summary>
internal static class CockpitPanels
{
    public static readonly CockpitPanel Effects = new("effectiveness", 30, Permissions.EffectivenessRead, "cockpit.effectiveness", EffectsAsync);

    public static readonly CockpitPanel CostSaving = new("cost-saving", 70, Permissions.EffectivenessRead, "cockpit.cost_saving", CostSavingAsync);

    private const int Courses = 6;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<CockpitChart?> EffectsAsync(IServiceProvider services, CockpitWindow window, CancellationToken ct)
    {
        var t = services.GetRequiredService<Texts>();
        var latest = (await LatestAsync(services, ct)).Where(e => e.Effect is not null).ToList();
        if (latest.Count == 0)
        {
            return null;
        }

        var option = JsonSerializer.Serialize(new
        {
            animation = false,
            tooltip = new { trigger = "item" },
            grid = new { left = 60, right = 15, top = 20, bottom = 50 },
            xAxis = new { type = "category", data = latest.Select(e => e.Course).ToArray(), axisLabel = new { interval = 0, rotate = latest.Count > 3 ? 20 : 0 } },
            yAxis = new { type = "value", axisLabel = new { formatter = "{value} pp" } },
            series = new object[]
            {
                // A box from the interval's lower to its upper bound, the line inside at the estimate.
                new { name = t["cockpit.effect_interval"].Value, type = "boxplot", data = latest.Select(e => new[] { Pp(e.Lower), Pp(e.Lower), Pp(e.Effect), Pp(e.Upper), Pp(e.Upper) }).ToArray() },
                new { name = t["cockpit.effect_estimate"].Value, type = "scatter", data = latest.Select(e => Pp(e.Effect)).ToArray() },
            },
        }, Json);
        var lower = latest.Count(e => e.Verdict == "lower");
        return new CockpitChart(t["cockpit.effectiveness_headline", latest.Count, lower], option, "/Effectiveness");
    }

    private static async Task<CockpitChart?> CostSavingAsync(IServiceProvider services, CockpitWindow window, CancellationToken ct)
    {
        var t = services.GetRequiredService<Texts>();
        var latest = (await LatestAsync(services, ct)).Where(e => e.Cost is not null).ToList();
        if (latest.Count == 0)
        {
            return null;
        }

        var cost = latest.Sum(e => e.Cost!.Value);
        var saving = latest.Sum(e => e.Saving ?? 0);
        var option = TrendChart.Bars(
            [.. latest.Select(e => e.Course)],
            [(t["cockpit.cost"].Value, [.. latest.Select(e => Math.Round(e.Cost!.Value))]), (t["cockpit.saving"].Value, [.. latest.Select(e => Math.Round(e.Saving ?? 0))])]);
        return new CockpitChart(t["cockpit.cost_saving_headline", cost.ToString("N0", CultureInfo.InvariantCulture), saving.ToString("N0", CultureInfo.InvariantCulture)], option, "/Effectiveness");
    }

    private static async Task<List<Latest>> LatestAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        return (await connection.QueryAsync<Latest>(new CommandDefinition(
            """
            SELECT * FROM (
                SELECT DISTINCT ON (e.course_id) coalesce(c.title, e.title) AS Course, e.verdict AS Verdict, e.created_at AS CreatedAt,
                       (e.result -> 'effect' ->> 'estimate')::float8 AS Effect, (e.result -> 'effect' ->> 'lower')::float8 AS Lower,
                       (e.result -> 'effect' ->> 'upper')::float8 AS Upper,
                       (e.result -> 'roi' ->> 'cost')::float8 AS Cost, (e.result -> 'roi' -> 'benefit' ->> 'value')::float8 AS Saving
                FROM effectiveness.evaluation e LEFT JOIN learning.course_v c ON c.id = e.course_id
                ORDER BY e.course_id, e.created_at DESC) latest
            ORDER BY CreatedAt DESC LIMIT @courses
            """, new { courses = Courses }, cancellationToken: ct))).ToList();
    }

    private static double? Pp(double? rate) => rate is { } r ? Math.Round(r * 100, 2) : null;

    private sealed class Latest
    {
        public string Course { get; init; } = "";

        public string Verdict { get; init; } = "";

        public DateTime CreatedAt { get; init; }

        public double? Effect { get; init; }

        public double? Lower { get; init; }

        public double? Upper { get; init; }

        public double? Cost { get; init; }

        public double? Saving { get; init; }
    }
}
