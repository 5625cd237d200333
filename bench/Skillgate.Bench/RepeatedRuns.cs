using System.Globalization;

/// <summary>
/// A benchmark's measured phase repeated in one process: each run records its figures; the summary gives each figure's median
/// and spread, prints the machine's load average, and forms a ratio only from figures measured in the same run (a ratio whose
/// comparator is missing from any run is refused, not reported). Guards (<c>--max-ratio name=value</c>) fail the process when a
/// ratio's median exceeds its limit: for CI, which sets twice the README's figure.
/// </summary>
internal sealed class RepeatedRuns
{
    private readonly List<Dictionary<string, double>> runs = [];
    private readonly List<(string Name, string Numerator, string Denominator, string Target)> ratios = [];
    private readonly Dictionary<string, double> guards;
    private readonly string? trx;
    private readonly List<(string Name, bool Passed, string Message)> verdicts = [];

    public RepeatedRuns(int count, Dictionary<string, double> guards, string? trx)
    {
        Count = count;
        this.guards = guards;
        this.trx = trx;
        Console.WriteLine($"Load average at the start, before any set-up: {LoadAverage()}");
    }

    public int Count { get; }

    /// <summary>
    /// Reads <c>--runs N</c>, any <c>--max-ratio name=value</c> and <c>--trx file</c> (where the guards' verdicts go as test
    /// results, which CI counts with the tests') from the arguments, returning the others.
    /// </summary>
    public static (int Runs, Dictionary<string, double> Guards, string? Trx, string[] Others) ParseArguments(string[] args, int defaultRuns = 3)
    {
        var runs = defaultRuns;
        string? trx = null;
        var guards = new Dictionary<string, double>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--trx":
                    trx = args[++i];
                    break;
                case "--max-ratio":
                    var (name, value) = (args[++i].Split('=')[0], args[i].Split('=')[1]);
                    guards[name] = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return (runs, guards, trx, [.. rest]);
    }

    /// <summary>Starts the next run; its figures go into the returned dictionary.</summary>
    public Dictionary<string, double> Next()
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        runs.Add(figures);
        Console.WriteLine();
        Console.WriteLine($"— run {runs.Count} of {Count} (load average {LoadAverage()}) —");
        return figures;
    }

    /// <summary>A ratio of two figures of each run (e.g. the app's p99 over the hand-written SQL's p99), reported with the summary.</summary>
    public void Ratio(string name, string numerator, string denominator, string target) => ratios.Add((name, numerator, denominator, target));

    /// <summary>Prints every figure's and ratio's median and spread; returns false when a guard failed or its ratio was refused.</summary>
    public bool Summarise(params (string Figure, string Unit, string Target)[] figures)
    {
        Console.WriteLine();
        Console.WriteLine($"Load average after: {LoadAverage()}");
        Console.WriteLine($"Summary of {runs.Count} runs in one process (median, spread min–max, each run):");
        foreach (var (figure, unit, target) in figures)
        {
            var values = runs.Where(r => r.ContainsKey(figure)).Select(r => r[figure]).ToList();
            Console.WriteLine(values.Count == 0
                ? $"  {figure,-52} not measured"
                : $"  {figure,-52} median {F(Median(values))} {unit}, spread {F(values.Min())}–{F(values.Max())} ({string.Join(" / ", values.Select(F))}){(target.Length > 0 ? $"   target {target}" : "")}");
        }

        foreach (var (name, numerator, denominator, target) in ratios)
        {
            var missing = runs.Select((r, i) => (r, i)).Where(x => !x.r.ContainsKey(numerator) || !x.r.ContainsKey(denominator)).Select(x => x.i + 1).ToList();
            if (missing.Count > 0 || runs.Count == 0)
            {
                var refused = $"not reported: {denominator} or {numerator} was not measured in run(s) {string.Join(", ", missing)}";
                Console.WriteLine($"  {name,-52} {refused}");
                if (guards.ContainsKey(name))
                {
                    verdicts.Add((name, false, refused));
                }

                continue;
            }

            var values = runs.Select(r => r[numerator] / r[denominator]).ToList();
            var median = Median(values);
            var guard = guards.TryGetValue(name, out var limit) ? median <= limit ? $"   guard ≤ {F(limit)}: met" : $"   guard ≤ {F(limit)}: FAILED" : "";
            Console.WriteLine($"  {name,-52} median {F(median)}×, spread {F(values.Min())}–{F(values.Max())}× ({string.Join(" / ", values.Select(F))}){(target.Length > 0 ? $"   target {target}" : "")}{guard}");
            if (guards.ContainsKey(name))
            {
                verdicts.Add((name, median <= limit, $"median {F(median)}× over runs {string.Join(" / ", values.Select(F))}, limit {F(limit)}×"));
            }
        }

        foreach (var unknown in guards.Keys.Where(g => ratios.All(r => r.Name != g)))
        {
            Console.WriteLine($"  guard {unknown}: no such ratio in this benchmark");
            verdicts.Add((unknown, false, "no such ratio in this benchmark"));
        }

        if (trx is not null)
        {
            GuardResults.Write(trx, verdicts);
        }

        return verdicts.All(v => v.Passed);
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), so a reader can tell a quiet machine from a busy one.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string F(double value) => value.ToString(value >= 100 ? "F0" : value >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
}
