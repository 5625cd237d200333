namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// The naive comparison people make without a control group: each trained unit's mean outcome in the <c>window</c> periods after
/// its training minus the window before, averaged. Seasonality, plant-wide trends and regression to the mean all end up in it.
/// </summary>
internal static class BeforeAfter
{
    public static Estimate Estimate(Panel panel, int window)
    {
        var differences = new List<double>();
        foreach (var unit in panel.Units.Where(u => panel.Group(u) is > 0 and < int.MaxValue))
        {
            var g = unit.Trained!.Value;
            var before = Mean(unit.Y, g - window, g);
            var after = Mean(unit.Y, g, g + window);
            if (!double.IsNaN(before) && !double.IsNaN(after))
            {
                differences.Add(after - before);
            }
        }

        if (differences.Count < 2)
        {
            throw new StatisticsException("Too few trained units with data before and after training.");
        }

        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(x => (x - mean) * (x - mean)) / (differences.Count - 1));
        return Statistics.Estimate.Normal(mean, sd / Math.Sqrt(differences.Count));
    }

    public static double Mean(double[] y, int from, int to)
    {
        var sum = 0.0;
        var n = 0;
        for (var t = Math.Max(0, from); t < Math.Min(y.Length, to); t++)
        {
            if (!double.IsNaN(y[t]))
            {
                sum += y[t];
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
