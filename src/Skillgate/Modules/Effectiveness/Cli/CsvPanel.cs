using System.Globalization;
using Skillgate.Modules.Effectiveness.Statistics;

namespace Skillgate.Modules.Effectiveness.Cli;

/// <summary>
/// A panel from a long CSV table: one row per unit and period (<c>--unit</c>, <c>--time</c>, <c>--y</c>), the period the unit was
/// trained in (<c>--trained</c>; empty when never), and optionally its stratum and tenure. Periods are the distinct time values
/// in order (numerically when all are numbers); a training time between two periods counts from the next one.
/// </summary>
internal static class CsvPanel
{
    public static Panel Read(CommandOptions options)
    {
        using var reader = new StreamReader(options.Required("csv"));
        var table = CsvTable.Read(reader);
        var unit = table.Column(options.Required("unit"));
        var time = table.Column(options.Required("time"));
        var y = table.Column(options.Required("y"));
        var trained = table.Column(options.Required("trained"));
        int? stratum = options.Optional("stratum") is { } s ? table.Column(s) : null;
        int? tenure = options.Optional("tenure") is { } te ? table.Column(te) : null;

        var numeric = table.Rows.All(r => CsvTable.TryNumber(r[time], out _));
        var comparer = Comparer<string>.Create((a, b) => numeric ? Number(a).CompareTo(Number(b)) : string.CompareOrdinal(a, b));
        var periods = table.Rows.Select(r => r[time]).Distinct().Order(comparer).ToList();
        if (periods.Count < 2)
        {
            throw new StatisticsException("The panel needs at least two periods.");
        }

        var index = periods.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        return new Panel(periods.Count, table.Rows.GroupBy(r => r[unit]).Select(rows =>
        {
            var values = Enumerable.Repeat(double.NaN, periods.Count).ToArray();
            foreach (var row in rows)
            {
                values[index[row[time]]] = CsvTable.TryNumber(row[y], out var v) ? v : double.NaN;
            }

            var first = rows.First();
            var at = first[trained];
            int? trainedAt = CsvTable.IsMissing(at) ? null : periods.FindIndex(p => comparer.Compare(p, at) >= 0) is var i and >= 0 ? i : periods.Count;
            return new PanelUnit(
                rows.Key,
                trainedAt,
                stratum is { } sc ? first[sc] : "",
                tenure is { } tc && CsvTable.TryNumber(first[tc], out var years) ? years : 0,
                values);
        }).ToList());
    }

    public static AnalysisOptions Options(CommandOptions options)
    {
        int Int(string name, int value) => options.Optional(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : value;
        var defaults = new AnalysisOptions();
        return defaults with
        {
            PreWindow = Int("pre", defaults.PreWindow),
            PostWindow = Int("post", defaults.PostWindow),
            BaseWindow = Int("base", defaults.BaseWindow),
            Neighbours = Int("neighbours", defaults.Neighbours),
            Caliper = options.Optional("caliper") is { } c ? double.Parse(c, CultureInfo.InvariantCulture) : defaults.Caliper,
            Permutations = Int("permutations", defaults.Permutations),
            PlaceboShift = Int("placebo-shift", defaults.PlaceboShift),
            Seed = Int("seed", defaults.Seed),
            Match = options.Optional("match") is "yes" or "true",
            Trend = options.Optional("trend") switch
            {
                null or "proportional" => TrendModel.Proportional,
                "additive" => TrendModel.Additive,
                var other => throw new ArgumentException($"--trend must be proportional or additive, not '{other}'."),
            },
            Rule = RegressCommand.ParseRule(options.Optional("dof-rule")),
        };
    }

    private static double Number(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
