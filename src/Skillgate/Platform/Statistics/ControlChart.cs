namespace Skillgate.Platform.Statistics;

/// <summary>One point of a p-chart: the proportion defective, its 3σ limits for the subgroup's size, and whether it is in the baseline.</summary>
internal sealed record ChartPoint(double P, double Center, double Lower, double Upper, IReadOnlyList<int> Rules, bool InBaseline = false);

/// <summary>The subgroups (by index) whose proportion sets the centre line and limits: the chart's phase I.</summary>
internal readonly record struct Baseline(int Start, int Count);

/// <summary>
/// The p-chart (proportion defective, limits p̄ ± 3√(p̄(1−p̄)/nᵢ) per subgroup) and the four Western Electric run rules:
/// 1 a point beyond 3σ; 2 two of three beyond 2σ on one side; 3 four of five beyond 1σ on one side; 4 eight in a row on one side.
/// </summary>
internal static class ControlChart
{
    /// <summary>Periods a default baseline takes at most.</summary>
    public const int DefaultBaselinePeriods = 12;

    /// <summary>
    /// The p-chart with limits from a baseline (phase I): the given one, or by default the first 12 subgroups, cut before the
    /// first of them that signals against those limits, so that a later shift is judged against the stable start and not
    /// against an average that already contains it.
    /// </summary>
    public static IReadOnlyList<ChartPoint> PChart(IReadOnlyList<(long Defective, long Size)> subgroups, Baseline? baseline = null)
    {
        var phase1 = baseline is { } b ? Clamp(b, subgroups.Count) : DefaultBaseline(subgroups);
        var center = Center(subgroups.Skip(phase1.Start).Take(phase1.Count));
        var scores = subgroups.Select(s => Score(s, center)).ToList();
        return subgroups.Select((s, i) =>
        {
            var sigma = Sigma(s, center);
            return new ChartPoint(Proportion(s), center, Math.Max(0, center - (3 * sigma)), Math.Min(1, center + (3 * sigma)), Rules(scores, i),
                i >= phase1.Start && i < phase1.Start + phase1.Count);
        }).ToList();
    }

    private static double Proportion((long Defective, long Size) s) => s.Size == 0 ? 0 : Math.Min(1, (double)s.Defective / s.Size);

    private static double Sigma((long Defective, long Size) s, double center) => s.Size == 0 ? 0 : Math.Sqrt(center * (1 - center) / s.Size);

    /// <summary>How many σ the subgroup lies from the centre line (0 for an empty subgroup).</summary>
    private static double Score((long Defective, long Size) s, double center)
    {
        var sigma = Sigma(s, center);
        return sigma == 0 ? 0 : (Proportion(s) - center) / sigma;
    }

    /// <summary>
    /// The first 12 subgroups, or all before the first one that signals against the limits of those before it (at least two):
    /// a stable start stays in the baseline, the first shift and what follows it do not.
    /// </summary>
    public static Baseline DefaultBaseline(IReadOnlyList<(long Defective, long Size)> subgroups)
    {
        var count = Math.Min(DefaultBaselinePeriods, subgroups.Count);
        for (var i = 2; i < count; i++)
        {
            var center = Center(subgroups.Take(i));
            var z = subgroups.Take(i + 1).Select(s => Score(s, center)).ToList();
            if (Rules(z, i).Count > 0)
            {
                return new Baseline(0, i);
            }
        }

        return new Baseline(0, Math.Max(1, count));
    }

    private static Baseline Clamp(Baseline b, int count)
    {
        var start = Math.Clamp(b.Start, 0, Math.Max(0, count - 1));
        return new Baseline(start, Math.Clamp(b.Count, 1, Math.Max(1, count - start)));
    }

    // Defects can outnumber units (several defect types on one unit): the proportion is capped at 1, so the limits stay defined.
    private static double Center(IEnumerable<(long Defective, long Size)> subgroups)
    {
        var list = subgroups.ToList();
        var total = list.Sum(s => s.Size);
        return total == 0 ? 0 : Math.Min(1, (double)list.Sum(s => s.Defective) / total);
    }

    /// <summary>The rules the point at <paramref name="i"/> completes (looking back from it).</summary>
    public static IReadOnlyList<int> Rules(IReadOnlyList<double> z, int i)
    {
        var rules = new List<int>();
        if (Math.Abs(z[i]) > 3)
        {
            rules.Add(1);
        }

        if (Beyond(z, i, 3, 2, 2))
        {
            rules.Add(2);
        }

        if (Beyond(z, i, 5, 4, 1))
        {
            rules.Add(3);
        }

        if (i >= 7 && (Enumerable.Range(i - 7, 8).All(k => z[k] > 0) || Enumerable.Range(i - 7, 8).All(k => z[k] < 0)))
        {
            rules.Add(4);
        }

        return rules;
    }

    /// <summary>At least <paramref name="count"/> of the last <paramref name="window"/> points beyond <paramref name="sigmas"/>σ on the side of the current point.</summary>
    private static bool Beyond(IReadOnlyList<double> z, int i, int window, int count, double sigmas)
    {
        if (i < window - 1 || Math.Abs(z[i]) <= sigmas)
        {
            return false;
        }

        var side = Math.Sign(z[i]);
        return Enumerable.Range(i - window + 1, window).Count(k => Math.Sign(z[k]) == side && Math.Abs(z[k]) > sigmas) >= count;
    }

    /// <summary>The last <paramref name="periods"/> steps each higher than the one before (needs periods + 1 points).</summary>
    public static bool Rising(IReadOnlyList<double> values, int periods) =>
        values.Count > periods && Enumerable.Range(values.Count - periods, periods).All(k => values[k] > values[k - 1]);
}
