using MathNet.Numerics.Distributions;

namespace Skillgate.Modules.Effectiveness.Statistics;

internal enum VerdictKind
{
    /// <summary>Too few units, or too little power to see the effect worth detecting: no verdict.</summary>
    Insufficient,

    /// <summary>The interval lies wholly below zero: the outcome fell more among the trained.</summary>
    Lower,

    /// <summary>The interval lies wholly above zero.</summary>
    Higher,

    /// <summary>Enough power, and the interval contains zero.</summary>
    NoEffect,
}

/// <summary>The verdict, the power to detect the effect worth detecting, and what fell short when there is none.</summary>
internal sealed record Verdict(VerdictKind Kind, double Power, double WorthDetecting, string? Shortfall)
{
    public static Verdict Of(Estimate effect, double counterfactual, int treated, int controls, AnalysisOptions options)
    {
        var worth = Math.Abs(options.WorthDetecting * counterfactual);
        var power = effect.StandardError > 0 ? Normal.CDF(0, 1, (worth / effect.StandardError) - Estimate.Z975) : 0;
        string? shortfall = treated < options.MinimumTreated ? "treated"
            : controls < options.MinimumControls ? "controls"
            : power < options.RequiredPower ? "power"
            : null;
        var kind = shortfall is not null ? VerdictKind.Insufficient
            : effect.Upper < 0 ? VerdictKind.Lower
            : effect.Lower > 0 ? VerdictKind.Higher
            : VerdictKind.NoEffect;
        return new Verdict(kind, power, worth, shortfall);
    }
}
