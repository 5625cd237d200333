namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// How an evaluation is run: the event-study window and the periods the base level is averaged over, matching (neighbours per trained unit, caliper in pooled SDs), the minimum
/// sample, the effect worth detecting (a share of the trained units' counterfactual level; below 80 % power for it the verdict is
/// "insufficient data"), the robustness checks and the degrees-of-freedom rule of the two-way estimate.
/// </summary>
internal sealed record AnalysisOptions
{
    public int PreWindow { get; init; } = 6;

    public int PostWindow { get; init; } = 8;

    public int BaseWindow { get; init; } = 3;

    public int Neighbours { get; init; } = 3;

    public double Caliper { get; init; } = 0.5;

    public int MinimumTreated { get; init; } = 10;

    public int MinimumControls { get; init; } = 10;

    /// <summary>Lines a line-level estimate needs at least (its errors are clustered by line).</summary>
    public int MinimumClusters { get; init; } = 10;

    public double WorthDetecting { get; init; } = 0.2;

    public double RequiredPower { get; init; } = 0.8;

    public int Permutations { get; init; } = 199;

    public int PlaceboShift { get; init; } = 3;

    public int Seed { get; init; } = 1;

    public DofRule Rule { get; init; } = DofRule.Nested;

    public bool Match { get; init; } = true;

    public TrendModel Trend { get; init; } = TrendModel.Proportional;
}
