namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>Checks that the effect is not an artefact: a placebo with training dates moved back, and a permutation p-value.</summary>
internal static class Robustness
{
    /// <summary>
    /// The default estimate with every trained unit's training moved <c>PlaceboShift</c> periods earlier and its data from the
    /// real training on dropped: nothing happened at the pretend dates, so an effect here means the design sees one where none is.
    /// </summary>
    public static Estimate? Placebo(Panel panel, AnalysisOptions options, Comparison? comparison)
    {
        var units = panel.Units.Select(u => panel.Group(u) is var g and > 0 and < int.MaxValue
            ? u with { Trained = g - options.PlaceboShift, Y = u.Y.Select((y, t) => t >= g ? double.NaN : y).ToArray() }
            : u).ToList();
        try
        {
            return StaggeredDid.Estimate(new Panel(panel.Periods, units), options with { PostWindow = options.PlaceboShift }, comparison?.Shift(-options.PlaceboShift)).Overall;
        }
        catch (StatisticsException)
        {
            return null;
        }
    }

    /// <summary>
    /// The share of <c>Permutations</c> random reassignments of the training dates among the units (trained and
    /// comparison) whose overall effect is at least as far from zero as the observed one, counting the observed assignment.
    /// </summary>
    public static double? PermutationP(Panel panel, double observed, AnalysisOptions options)
    {
        if (options.Permutations <= 0)
        {
            return null;
        }

        // The reassignments are drawn in order from the seed, then estimated on all cores: the same seed gives the same p.
        var random = new Random(options.Seed);
        var dates = panel.Units.Select(u => u.Trained).ToArray();
        var draws = new int?[options.Permutations][];
        for (var r = 0; r < draws.Length; r++)
        {
            random.Shuffle(dates);
            draws[r] = (int?[])dates.Clone();
        }

        var estimates = new double?[draws.Length];
        Parallel.For(0, draws.Length, r =>
        {
            var shuffled = new Panel(panel.Periods, panel.Units.Select((u, i) => u with { Trained = draws[r][i] }).ToList());
            try
            {
                estimates[r] = StaggeredDid.Estimate(shuffled, options with { PreWindow = 0 }, inference: false).Overall.Value;
            }
            catch (StatisticsException)
            {
                // A reassignment that leaves no trained unit with a comparison has no estimate; it is not counted.
            }
        });
        var done = estimates.Count(e => e is not null);
        var extreme = estimates.Count(e => e is { } x && Math.Abs(x) >= Math.Abs(observed) - 1e-12);
        return done == 0 ? null : (1.0 + extreme) / (done + 1);
    }
}
