namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>A covariate's standardised mean difference between trained and comparison units, before and after matching.</summary>
internal sealed record BalanceRow(string Covariate, double TreatedMean, double ControlMeanBefore, double SmdBefore, double ControlMeanAfter, double SmdAfter);

internal sealed record MatchResult(Panel Matched, Comparison Comparison, IReadOnlyList<BalanceRow> Balance, int TreatedMatched, int TreatedUnmatched, int Controls);

/// <summary>
/// Who is compared with whom: the trained units that found a match, and per training period the units matched to its trained
/// units. Each period keeps its own comparison units because they were picked on outcomes in the periods before it, which are
/// other periods' post-training periods: a unit picked for a high outcome there must not serve there. Without <c>ControlsFor</c>
/// every unit not yet trained is a comparison (only the trained are restricted).
/// </summary>
internal sealed record Comparison(IReadOnlySet<string> Treated, IReadOnlyDictionary<int, IReadOnlySet<string>>? ControlsFor)
{
    /// <summary>The same comparison with every training period moved by <paramref name="periods"/> (the placebo's).</summary>
    public Comparison Shift(int periods) => this with { ControlsFor = ControlsFor?.ToDictionary(c => c.Key + periods, c => c.Value) };
}

/// <summary>
/// Nearest-neighbour matching with replacement and a caliper: each trained unit gets up to <c>neighbours</c> comparison units from
/// its own stratum (operation or line) that were not trained by its training period, closest on the outcome over the pre-period
/// (the window before the event study's) and on tenure (Euclidean distance in pooled standard deviations, at most <c>caliper</c>). Trained units with no comparison
/// within the caliper are left out. The balance table uses the pooled SD before matching as the denominator both times.
/// </summary>
internal static class Matching
{
    private static readonly string[] Covariates = ["pre_outcome", "tenure"];

    public static MatchResult Match(Panel panel, int preWindow, int neighbours, double caliper)
    {
        var byStratum = Enumerable.Range(0, panel.Units.Count).ToLookup(i => panel.Units[i].Stratum, StringComparer.Ordinal);
        var treated = new List<(int Index, Point X)>();
        var pools = new Dictionary<(int Group, string Stratum), List<(int Index, Point X)>>();
        var candidates = new List<Point>();
        for (var i = 0; i < panel.Units.Count; i++)
        {
            var unit = panel.Units[i];
            var g = panel.Group(unit);
            if (g is <= 0 or int.MaxValue)
            {
                continue;
            }

            if (Covariate(unit, g, preWindow) is not { } x)
            {
                continue;
            }

            treated.Add((i, x));
            if (!pools.ContainsKey((g, unit.Stratum)))
            {
                var pool = new List<(int, Point)>();
                foreach (var j in byStratum[unit.Stratum])
                {
                    if (panel.Group(panel.Units[j]) > g && Covariate(panel.Units[j], g, preWindow) is { } c)
                    {
                        pool.Add((j, c));
                        candidates.Add(c);
                    }
                }

                pools[(g, unit.Stratum)] = pool;
            }
        }

        var sd = Enumerable.Range(0, Covariates.Length)
            .Select(k => Math.Sqrt((Variance(treated.Select(t => t.X[k])) + Variance(candidates.Select(c => c[k]))) / 2))
            .Select(s => s > 0 && double.IsFinite(s) ? s : 1)
            .ToArray();
        var controlWeights = new Dictionary<int, double>();
        var controlsFor = new Dictionary<int, HashSet<string>>();
        var matchedTreated = new List<(int Index, Point X)>();
        var afterSums = new double[Covariates.Length];
        // The searches are independent and run on all cores; their results are taken in the trained units' order.
        var searches = treated.AsParallel().AsOrdered().Select(t =>
        {
            var unit = panel.Units[t.Index];
            return pools[(panel.Group(unit), unit.Stratum)]
                .Select(c => (c.Index, c.X, Distance: Distance(t.X, c.X, sd)))
                .Where(c => c.Distance <= caliper)
                .OrderBy(c => c.Distance)
                .ThenBy(c => c.Index)
                .Take(neighbours)
                .ToList();
        }).ToList();
        foreach (var ((index, x), nearest) in treated.Zip(searches))
        {
            var unit = panel.Units[index];
            if (nearest.Count == 0)
            {
                continue;
            }

            matchedTreated.Add((index, x));
            foreach (var c in nearest)
            {
                controlsFor.TryAdd(panel.Group(unit), []);
                controlsFor[panel.Group(unit)].Add(panel.Units[c.Index].Id);
                controlWeights[c.Index] = controlWeights.GetValueOrDefault(c.Index) + (1.0 / nearest.Count);
                for (var k = 0; k < afterSums.Length; k++)
                {
                    afterSums[k] += c.X[k] / nearest.Count;
                }
            }
        }

        var balance = Covariates.Select((name, k) =>
        {
            var treatedMean = matchedTreated.Count == 0 ? double.NaN : matchedTreated.Average(t => t.X[k]);
            var allTreatedMean = treated.Count == 0 ? double.NaN : treated.Average(t => t.X[k]);
            var beforeMean = candidates.Count == 0 ? double.NaN : candidates.Average(c => c[k]);
            var afterMean = matchedTreated.Count == 0 ? double.NaN : afterSums[k] / matchedTreated.Count;
            return new BalanceRow(name, treatedMean, beforeMean, (allTreatedMean - beforeMean) / sd[k], afterMean, (treatedMean - afterMean) / sd[k]);
        }).ToList();
        var keep = matchedTreated.Select(t => t.Index).Concat(controlWeights.Keys).ToHashSet();
        var matched = new Panel(panel.Periods, panel.Units.Where((_, i) => keep.Contains(i)).ToList());
        var comparison = new Comparison(
            matchedTreated.Select(t => panel.Units[t.Index].Id).ToHashSet(),
            controlsFor.ToDictionary(c => c.Key, c => (IReadOnlySet<string>)c.Value));
        return new MatchResult(matched, comparison, balance, matchedTreated.Count, treated.Count - matchedTreated.Count, controlWeights.Count);
    }

    /// <summary>
    /// The unit's outcome over the <paramref name="preWindow"/> periods before the event-study window of <paramref name="g"/>, and
    /// its tenure; null without data there. The window is kept apart from the periods the estimator compares: comparison units
    /// picked for an outcome that was high by chance would fall back in exactly those periods (regression to the mean) and make
    /// training look worse than it was.
    /// </summary>
    private static Point? Covariate(PanelUnit unit, int g, int preWindow)
    {
        var pre = BeforeAfter.Mean(unit.Y, g - (2 * preWindow) - 1, g - preWindow - 1);
        return double.IsNaN(pre) ? null : new Point(pre, unit.Tenure);
    }

    private static double Distance(Point a, Point b, double[] sd)
    {
        var sum = 0.0;
        for (var k = 0; k < Covariates.Length; k++)
        {
            var d = (a[k] - b[k]) / sd[k];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>
    /// A unit's covariates (<see cref="Covariates"/>, by index): a value, not an array, because a plant's pools hold millions of
    /// them and arrays kept them all on the collector's books.
    /// </summary>
    private readonly record struct Point(double Pre, double Tenure)
    {
        public double this[int k] => k == 0 ? Pre : Tenure;
    }

    private static double Variance(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count < 2)
        {
            return 0;
        }

        var mean = list.Average();
        return list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1);
    }
}
