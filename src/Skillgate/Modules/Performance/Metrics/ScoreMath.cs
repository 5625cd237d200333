namespace Skillgate.Modules.Performance.Metrics;

/// <summary>How a score's value and verdict follow from its numerator, denominator, unit, direction and target (decimal arithmetic, so a recomputation gives the same digits).</summary>
internal static class ScoreMath
{
    public const int Decimals = 4;

    public static decimal? Value(decimal numerator, decimal denominator, string unit) =>
        denominator == 0 ? null : Math.Round(numerator * (unit == "ppm" ? 1_000_000m : 100m) / denominator, Decimals, MidpointRounding.ToEven);

    public static bool? Met(decimal? value, decimal target, string direction) =>
        value is not { } v ? null : direction == "lower" ? v <= target : v >= target;
}
