using Skillgate.Modules.Effectiveness.Statistics;

namespace Skillgate.Modules.Effectiveness.Cli;

/// <summary>
/// <c>Skillgate stats did --csv FILE --unit COL --time COL --y COL --trained COL [--stratum COL --tenure COL --match yes]
/// [--pre N --post N --base N --trend proportional|additive --permutations N --placebo-shift N --seed N]</c>: the evaluation's
/// estimators on a panel — the staggered estimate with its event study and pre-trend test, the plain two-way and before/after
/// estimates, placebo, permutation p-value and verdict — as JSON.
/// </summary>
internal static class DidCommand
{
    public static object Run(CommandOptions options)
    {
        var panel = CsvPanel.Read(options);
        var settings = CsvPanel.Options(options);
        var result = EffectAnalysis.Run(panel, settings);
        return new
        {
            units = panel.Units.Count,
            periods = panel.Periods,
            trend = settings.Trend.ToString().ToLowerInvariant(),
            staggered = Json(result.Did.Overall),
            relative = Json(result.Relative),
            counterfactual = result.Did.CounterfactualMean,
            treated = result.Did.TreatedUnits,
            controls = result.Did.ControlUnits,
            event_study = result.Did.Events.Select(e => new { e = e.EventTime, estimate = e.Estimate, se = e.StandardError, ci95 = new[] { e.Lower, e.Upper }, treated = e.Treated }),
            pre_trend = new { chi2 = result.Did.PreTrend.ChiSquare, df = result.Did.PreTrend.Df, p = result.Did.PreTrend.P },
            two_way = Json(result.TwoWay),
            before_after = Json(result.BeforeAfter),
            placebo = result.Placebo is { } p ? Json(p) : null,
            permutation_p = result.PermutationP,
            matching = result.Match is { } m ? MatchCommand.Json(m) : null,
            verdict = new { kind = result.Verdict.Kind.ToString().ToLowerInvariant(), power = result.Verdict.Power, worth_detecting = result.Verdict.WorthDetecting, shortfall = result.Verdict.Shortfall },
        };
    }

    public static object Json(Estimate e) => new { estimate = e.Value, se = e.StandardError, ci95 = new[] { e.Lower, e.Upper }, p = e.P };
}
