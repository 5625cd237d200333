using Skillgate.Modules.Effectiveness.Statistics;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// When lines are the unit (defects do not name the operator), as firms are in the jtrain data: the line's outcome on the share
/// of its operators trained, with line and period effects and errors clustered by line; the coefficient is the effect of
/// training a whole line. Few lines give few clusters and a wide interval, and the verdict then says so.
/// </summary>
internal static class LineEstimate
{
    public static (Estimate Effect, double Level, int Lines, int TrainedLines) Run(Panel panel, DofRule rule)
    {
        var y = new List<double>();
        var share = new List<double>();
        var line = new List<int>();
        var period = new List<int>();
        for (var i = 0; i < panel.Units.Count; i++)
        {
            var unit = panel.Units[i];
            for (var t = 0; t < panel.Periods; t++)
            {
                if (!double.IsNaN(unit.Y[t]))
                {
                    y.Add(unit.Y[t]);
                    share.Add(unit.Share?[t] ?? 0);
                    line.Add(i);
                    period.Add(t);
                }
            }
        }

        var lines = Levels.Code(line);
        var trained = panel.Units.Count(u => u.Share?.Any(s => s > 0) == true);
        var level = y.Count == 0 ? 0 : y.Average();
        if (lines.Length == 0 || lines.Max() < 1 || trained == 0)
        {
            return (new Estimate(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN), level, lines.Length == 0 ? 0 : lines.Max() + 1, trained);
        }

        var fit = LinearModel.Fit(new RegressionInput([.. y], [("share_trained", share.ToArray())], [lines, Levels.Code(period)], lines), rule);
        var c = fit["share_trained"].Clustered!;
        return (new Estimate(fit["share_trained"].Estimate, c.StandardError, c.Lower, c.Upper, c.P), level, fit.Clusters ?? 0, trained);
    }
}
