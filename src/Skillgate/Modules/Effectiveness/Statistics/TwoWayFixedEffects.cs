namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// The plain two-way fixed-effects estimate, shown beside the default: outcome on "trained by then" with unit and period effects,
/// errors clustered by unit. With staggered training and effects that change over time it compares later-trained units with
/// already-trained ones and can be biased (Goodman-Bacon 2021), which is why it is not the verdict.
/// </summary>
internal static class TwoWayFixedEffects
{
    public static Estimate Estimate(Panel panel, DofRule rule)
    {
        var y = new List<double>();
        var d = new List<double>();
        var unit = new List<int>();
        var period = new List<int>();
        for (var i = 0; i < panel.Units.Count; i++)
        {
            var u = panel.Units[i];
            for (var t = 0; t < panel.Periods; t++)
            {
                if (!double.IsNaN(u.Y[t]))
                {
                    y.Add(u.Y[t]);
                    d.Add(Panel.IsTreated(u, t) ? 1 : 0);
                    unit.Add(i);
                    period.Add(t);
                }
            }
        }

        var units = Levels.Code(unit);
        var fit = LinearModel.Fit(new RegressionInput([.. y], [("trained", d.ToArray())], [units, Levels.Code(period)], units), rule);
        var c = fit["trained"].Clustered!;
        return new Estimate(fit["trained"].Estimate, c.StandardError, c.Lower, c.Upper, c.P);
    }
}
