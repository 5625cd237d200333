using Skillgate.Modules.Effectiveness.Statistics;

namespace Skillgate.Modules.Effectiveness.Cli;

/// <summary>
/// <c>Skillgate stats regress --csv FILE --y COL --x COL[,COL…] [--fe COL[,COL]] [--cluster COL] [--dof-rule nested|counted]
/// [--where COL=VALUE]…</c>: the regression the evaluations use, on a CSV file, printed as JSON.
/// </summary>
internal static class RegressCommand
{
    public static object Run(CommandOptions options)
    {
        using var reader = new StreamReader(options.Required("csv"));
        var table = CsvTable.Read(reader);
        var y = table.Column(options.Required("y"));
        var xNames = options.List("x");
        var x = xNames.Select(table.Column).ToArray();
        var fe = options.List("fe").Select(table.Column).ToArray();
        var clusterName = options.Optional("cluster");
        int? cluster = clusterName is null ? null : table.Column(clusterName);
        var rule = ParseRule(options.Optional("dof-rule"));
        var filters = options.All("where").Select(w => w.Split('=', 2) is [var c, var v] ? (Column: table.Column(c), Value: v) : throw new ArgumentException($"--where '{w}' is not COL=VALUE.")).ToArray();

        var rows = table.Rows.Where(r =>
            filters.All(f => CsvTable.Matches(r[f.Column], f.Value))
            && x.Append(y).All(c => CsvTable.TryNumber(r[c], out _))
            && fe.Concat(cluster is { } k ? [k] : []).All(c => !CsvTable.IsMissing(r[c]))).ToList();
        double Number(string[] r, int c) => CsvTable.TryNumber(r[c], out var v) ? v : double.NaN;
        var input = new RegressionInput(
            rows.Select(r => Number(r, y)).ToArray(),
            xNames.Select((name, j) => (name, rows.Select(r => Number(r, x[j])).ToArray())).ToList(),
            fe.Select(c => Levels.Code(rows.Select(r => r[c]).ToList())).ToList(),
            cluster is { } cc ? Levels.Code(rows.Select(r => r[cc]).ToList()) : null);
        var result = LinearModel.Fit(input, rule);
        return new
        {
            model = $"{options.Required("y")} ~ {string.Join(" + ", xNames)}" + (fe.Length > 0 ? $" | {string.Join(" + ", options.List("fe"))}" : ""),
            n = result.N,
            clusters = result.Clusters,
            cluster = clusterName,
            absorbed = result.Absorbed,
            parameters = result.Parameters,
            dof_rule = rule.ToString().ToLowerInvariant(),
            cluster_parameters = result.ClusterParameters,
            rss = result.ResidualSumOfSquares,
            coefficients = result.Coefficients.Select(c => new
            {
                name = c.Name,
                estimate = c.Estimate,
                usual = Json(c.Usual),
                hc1 = Json(c.Hc1),
                clustered = c.Clustered is null ? null : Json(c.Clustered),
            }),
        };
    }

    public static DofRule ParseRule(string? value) => value switch
    {
        null or "nested" => DofRule.Nested,
        "counted" => DofRule.Counted,
        _ => throw new ArgumentException($"--dof-rule must be nested or counted, not '{value}'."),
    };

    public static object Json(Inference i) => new { se = i.StandardError, t = i.T, p = i.P, ci95 = new[] { i.Lower, i.Upper }, df = i.Df };
}
