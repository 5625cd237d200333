using FluentAssertions;
using Skillgate.Modules.Effectiveness.Statistics;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests.Statistics;

/// <summary>
/// The default estimator on 200 generated plants (<see cref="PlantSimulator"/>) where the worst operators are trained first:
/// with a true effect of −30 % its 95 % interval covers the truth in at least 90 % of plants, while the naive before/after
/// comparison and the plain two-way estimate are off on the same plants; with no effect the verdict is "no effect shown" in at
/// least 90 %.
/// </summary>
public sealed class SimulatedPlantTests(ITestOutputHelper output)
{
    private const int Plants = 200;
    private static readonly AnalysisOptions Options = new() { Permutations = 0 };

    [Fact]
    public void The_default_interval_covers_a_true_30_percent_reduction_where_naive_and_two_way_estimates_are_biased()
    {
        var errors = new List<(double Did, double TwoWay, double Naive)>();
        var covered = 0;
        var twoWayCovered = 0;
        var naiveCovered = 0;
        var shown = 0;
        for (var seed = 1; seed <= Plants; seed++)
        {
            var plant = new PlantSimulator(seed, -0.30);
            var result = EffectAnalysis.Run(plant.Panel, Options);
            var truth = plant.TrueEffect(result.Did.Weights);
            covered += result.Did.Overall.Covers(truth) ? 1 : 0;
            twoWayCovered += result.TwoWay.Covers(truth) ? 1 : 0;
            naiveCovered += result.BeforeAfter.Covers(truth) ? 1 : 0;
            shown += result.Verdict.Kind == VerdictKind.Lower ? 1 : 0;
            errors.Add((result.Did.Overall.Value - truth, result.TwoWay.Value - truth, result.BeforeAfter.Value - truth));
        }

        var (didBias, didSe) = Bias(errors.Select(e => e.Did));
        var (twoWayBias, twoWaySe) = Bias(errors.Select(e => e.TwoWay));
        var (naiveBias, naiveSe) = Bias(errors.Select(e => e.Naive));
        output.WriteLine($"{Plants} plants, true effect −30 %; error = estimate − true effect (rate, mean ± its standard error), 95 % interval coverage:");
        output.WriteLine($"  staggered (default)  error {didBias:+0.00000;−0.00000} ± {didSe:0.00000}  coverage {covered * 100.0 / Plants:0.0} %  verdict 'lower' in {shown * 100.0 / Plants:0.0} %");
        output.WriteLine($"  plain two-way        error {twoWayBias:+0.00000;−0.00000} ± {twoWaySe:0.00000}  coverage {twoWayCovered * 100.0 / Plants:0.0} %");
        output.WriteLine($"  naive before/after   error {naiveBias:+0.00000;−0.00000} ± {naiveSe:0.00000}  coverage {naiveCovered * 100.0 / Plants:0.0} %");

        covered.Should().BeGreaterThanOrEqualTo(Plants * 9 / 10);
        Math.Abs(naiveBias).Should().BeGreaterThan(4 * naiveSe, "the naive comparison takes the plant's trend and season for the training's effect");
        Math.Abs(twoWayBias).Should().BeGreaterThan(4 * twoWaySe, "the two-way estimate compares later-trained operators with already-trained ones");
        naiveCovered.Should().BeLessThan(Plants * 9 / 10);
        twoWayCovered.Should().BeLessThan(Plants * 9 / 10);
    }

    [Fact]
    public void With_no_true_effect_the_verdict_is_no_effect_shown()
    {
        var verdicts = new Dictionary<VerdictKind, int>();
        for (var seed = 1001; seed <= 1000 + Plants; seed++)
        {
            var result = EffectAnalysis.Run(new PlantSimulator(seed, 0).Panel, Options);
            verdicts[result.Verdict.Kind] = verdicts.GetValueOrDefault(result.Verdict.Kind) + 1;
        }

        output.WriteLine($"{Plants} plants, no true effect: " + string.Join(", ", verdicts.OrderBy(v => v.Key).Select(v => $"{v.Key} {v.Value}")));
        verdicts.GetValueOrDefault(VerdictKind.NoEffect).Should().BeGreaterThanOrEqualTo(Plants * 9 / 10);
    }

    private static (double Mean, double StandardError) Bias(IEnumerable<double> errors)
    {
        var list = errors.ToList();
        var mean = list.Average();
        return (mean, Math.Sqrt(list.Sum(e => (e - mean) * (e - mean)) / (list.Count - 1) / list.Count));
    }
}
