namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// What the trained units' outcome would have done without training: moved by the same factor as the comparison units'
/// (<see cref="Proportional"/>, the default for rates, which move multiplicatively with seasons and plant-wide change), or by the
/// same difference (<see cref="Additive"/>, the textbook parallel-trends assumption).
/// </summary>
internal enum TrendModel
{
    Proportional,
    Additive,
}
