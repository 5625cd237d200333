namespace Skillgate.Platform.Statistics;

/// <summary>One point of a p-chart: the proportion defective and its 3σ limits for the subgroup's size.</summary>
internal sealed record ChartPoint(double P, double Center, double Lower, double Upper, IReadOnlyList<int> Rules);

/// <summary>
/// The p-chart (proportion defective, limits p̄ ± 3√(p̄(1−p̄)/nᵢ) per subgroup) and the four Western Electric run rules:
/// 1 a point beyond 3σ; 2 two of three beyond 2σ on one side; 3 four of five beyond 1σ on one side; 4 eight in a row on one side.
/// </summary>
internal static class ControlChart
{
    public static IReadOnlyList<ChartPoint> PChart(IReadOnlyList<(long Defective, long Size)> subgroups)
    {
        var total = subgroups.Sum(s => s.Size);
        // Defects can outnumber units (several defect types on one unit): the proportion is capped at 1, so the limits stay defined.
        var center = total == 0 ? 0 : Math.Min(1, (double)subgroups.Sum(s => s.Defective) / total);
        var zones = subgroups.Select(s =>
        {
            var p = s.Size == 0 ? 0 : Math.Min(1, (double)s.Defective / s.Size);
            var sigma = s.Size == 0 ? 0 : Math.Sqrt(center * (1 - center) / s.Size);
            return (P: p, Sigma: sigma, Z: sigma == 0 ? 0 : (p - center) / sigma);
        }).ToList();
        var scores = zones.Select(x => x.Z).ToList();
        return zones.Select((z, i) => new ChartPoint(
            z.P, center, Math.Max(0, center - (3 * z.Sigma)), Math.Min(1, center + (3 * z.Sigma)), Rules(scores, i))).ToList();
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
