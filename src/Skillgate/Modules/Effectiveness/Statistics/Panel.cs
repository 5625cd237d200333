namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// One unit of analysis (a person, or a line): the period it was trained in (null if not trained in the window), the stratum it
/// is matched within (its operation or line), its tenure in years, and its outcome per period (NaN where it did no work).
/// </summary>
internal sealed record PanelUnit(string Id, int? Trained, string Stratum, double Tenure, double[] Y)
{
    /// <summary>For a line: the share of its operators trained by each period (the treatment when lines are the unit).</summary>
    public double[]? Share { get; init; }
}

/// <summary>Units over <c>Periods</c> consecutive periods (weeks or months), all with outcome arrays of that length.</summary>
internal sealed record Panel(int Periods, IReadOnlyList<PanelUnit> Units)
{
    /// <summary>Whether the unit counts as trained at period <paramref name="t"/> (from its training period on).</summary>
    public static bool IsTreated(PanelUnit unit, int t) => unit.Trained is { } g && t >= g;

    /// <summary>The unit's training period for the estimators: never (int.MaxValue) when untrained or trained after the window.</summary>
    public int Group(PanelUnit unit) => unit.Trained is { } g && g < Periods ? g : int.MaxValue;
}
