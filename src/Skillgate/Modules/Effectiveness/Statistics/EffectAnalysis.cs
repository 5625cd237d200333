namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>Everything an evaluation shows for one outcome: the default estimate and its event study, the comparisons beside it, the checks, the verdict.</summary>
internal sealed record AnalysisResult(
    MatchResult? Match,
    DidResult Did,
    Estimate TwoWay,
    Estimate BeforeAfter,
    Estimate? Placebo,
    double? PermutationP,
    Verdict Verdict)
{
    /// <summary>The effect as a share of the trained units' level had they not been trained.</summary>
    public Estimate Relative => Did.CounterfactualMean == 0
        ? Did.Overall with { Value = double.NaN }
        : new Estimate(Did.Overall.Value / Did.CounterfactualMean, Did.Overall.StandardError / Math.Abs(Did.CounterfactualMean),
            Did.Overall.Lower / Did.CounterfactualMean, Did.Overall.Upper / Did.CounterfactualMean, Did.Overall.P);
}

/// <summary>Runs an evaluation's statistics on a panel: matching, the staggered estimator (the verdict), the plain two-way and before/after estimates, placebo and permutation.</summary>
internal static class EffectAnalysis
{
    public static AnalysisResult Run(Panel panel, AnalysisOptions options)
    {
        var match = options.Match ? Matching.Match(panel, options.PreWindow, options.Neighbours, options.Caliper) : null;
        var sample = match?.Matched ?? panel;
        var did = StaggeredDid.Estimate(sample, options, match?.Comparison);
        var twoWay = TwoWayFixedEffects.Estimate(sample, options.Rule);
        var beforeAfter = BeforeAfter.Estimate(sample, options.PostWindow);
        var placebo = Robustness.Placebo(sample, options, match?.Comparison);
        var permutation = Robustness.PermutationP(sample, did.Overall.Value, options);
        var verdict = Verdict.Of(did.Overall, did.CounterfactualMean, did.TreatedUnits, did.ControlUnits, options);
        return new AnalysisResult(match, did, twoWay, beforeAfter, placebo, permutation, verdict);
    }
}
