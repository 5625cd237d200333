using Skillgate.Modules.Effectiveness.Statistics;

namespace Skillgate.Modules.Effectiveness.Cli;

/// <summary>
/// <c>Skillgate stats match --csv FILE --unit COL --time COL --y COL --trained COL --stratum COL --tenure COL [--pre N
/// --neighbours N --caliper SD]</c>: the matching the evaluations use — who was matched with whom and the balance table — as JSON.
/// </summary>
internal static class MatchCommand
{
    public static object Run(CommandOptions options)
    {
        var panel = CsvPanel.Read(options);
        var settings = CsvPanel.Options(options);
        return Json(Matching.Match(panel, settings.PreWindow, settings.Neighbours, settings.Caliper));
    }

    public static object Json(MatchResult match) => new
    {
        treated_matched = match.TreatedMatched,
        treated_unmatched = match.TreatedUnmatched,
        controls = match.Controls,
        balance = match.Balance.Select(b => new
        {
            covariate = b.Covariate,
            treated_mean = b.TreatedMean,
            control_mean_before = b.ControlMeanBefore,
            smd_before = b.SmdBefore,
            control_mean_after = b.ControlMeanAfter,
            smd_after = b.SmdAfter,
        }),
        comparison = (match.Comparison.ControlsFor ?? new Dictionary<int, IReadOnlySet<string>>()).OrderBy(c => c.Key).Select(c => new { trained_period = c.Key, controls = c.Value.Order(StringComparer.Ordinal) }),
    };
}
