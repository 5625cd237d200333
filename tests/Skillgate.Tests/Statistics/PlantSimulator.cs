using System.Globalization;
using Skillgate.Modules.Effectiveness.Statistics;
using Skillgate.Platform.Statistics;

namespace Skillgate.Tests.Statistics;

/// <summary>
/// A generated plant: 400 operators on 6 operations over 36 weeks, each with their own defect rate (lognormal around 2 %, lower
/// with tenure), 100–200 units a week (a week off now and then), Poisson defects, a seasonal cycle and a plant-wide improvement
/// of 1 % a week. The worst 40 % are trained first, in four cohorts (weeks 8, 13, 18, 23), and training multiplies the rate by
/// 1 + <c>effect</c> from the training week on. <see cref="TrueEffect"/> is the rate change the trained units actually had.
/// </summary>
internal sealed class PlantSimulator
{
    public const int Operators = 400;
    public const int Weeks = 36;
    private static readonly int[] Cohorts = [8, 13, 18, 23];
    private readonly double[] rate;
    private readonly double effect;

    public PlantSimulator(int seed, double effect)
    {
        this.effect = effect;
        var random = new Random(seed);
        var tenure = Enumerable.Range(0, Operators).Select(_ => 0.5 + (14.5 * random.NextDouble())).ToArray();
        rate = tenure.Select(t => 0.02 * Math.Exp((0.5 * RandomDraws.Normal(random)) - (0.04 * (t - 7)))).ToArray();
        var byRate = Enumerable.Range(0, Operators).OrderByDescending(i => rate[i]).ToArray();
        var trained = new int?[Operators];
        for (var k = 0; k < Operators * 2 / 5; k++)
        {
            trained[byRate[k]] = Cohorts[k * Cohorts.Length / (Operators * 2 / 5)];
        }

        var units = Enumerable.Range(0, Operators).Select(i =>
        {
            var y = new double[Weeks];
            for (var t = 0; t < Weeks; t++)
            {
                if (random.NextDouble() < 0.05)
                {
                    y[t] = double.NaN;
                    continue;
                }

                var processed = 100 + random.Next(101);
                y[t] = RandomDraws.Poisson(random, processed * Rate(i, t, trained[i])) / (double)processed;
            }

            return new PanelUnit($"op{i}", trained[i], $"operation{i % 6}", tenure[i], y);
        }).ToList();
        Panel = new Panel(Weeks, units);
    }

    public Panel Panel { get; }

    /// <summary>The true overall effect for the estimator's own weights: each cell's trained units' expected rate change.</summary>
    public double TrueEffect(IEnumerable<CellWeight> weights) =>
        weights.Sum(w => w.Weight * w.Treated.Select(id => int.Parse(id[2..], CultureInfo.InvariantCulture)).Average(i => Rate(i, w.Period, w.Group) - Rate(i, w.Period, null)));

    private double Rate(int i, int t, int? trained) =>
        rate[i] * (1 + (0.25 * Math.Sin(2 * Math.PI * t / 13))) * Math.Exp(-0.01 * t) * (trained is { } g && t >= g ? 1 + effect : 1);
}
