namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>An estimate with its standard error, 95 % interval and two-sided p-value.</summary>
internal sealed record Estimate(double Value, double StandardError, double Lower, double Upper, double P)
{
    public const double Z975 = 1.959963984540054;

    public static Estimate Normal(double value, double se) =>
        new(value, se, value - (Z975 * se), value + (Z975 * se), se > 0 ? 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(value / se)) : double.NaN);

    public bool Covers(double value) => Lower <= value && value <= Upper;
}
