using System.Diagnostics;
using Skillgate.Modules.Effectiveness.Evaluations;
using Skillgate.Modules.Effectiveness.Statistics;
using static BenchClient;

/// <summary>
/// Where an evaluation's statistics spend their time: reads the newest evaluation stored in the cluster the effectiveness bench
/// kept (SKILLGATE_BENCH_DATA), and times each stage on its stored inputs, median of three.
/// </summary>
internal static class EffectivenessStagesBench
{
    public static async Task RunAsync()
    {
        if (Environment.GetEnvironmentVariable("SKILLGATE_BENCH_DATA") is null)
        {
            Console.WriteLine("Set SKILLGATE_BENCH_DATA to the folder an effectiveness bench ran with.");
            return;
        }

        await using var host = await BenchHost.StartAsync("s");
        var bytes = await ScalarAsync<byte[]>(host.Data, "SELECT inputs FROM effectiveness.evaluation ORDER BY created_at DESC LIMIT 1");
        var inputs = StoredInputs.Unpack(bytes);
        var panel = inputs.Panel.Panel;
        var options = inputs.Request.Options;
        Console.WriteLine($"{panel.Units.Count:N0} units × {panel.Periods} periods");
        MatchResult? match = null;
        DidResult? did = null;
        Time("matching", () => match = Matching.Match(panel, options.PreWindow, options.Neighbours, options.Caliper));
        var sample = match!.Matched;
        Console.WriteLine($"  matched sample: {sample.Units.Count:N0} units");
        Time("staggered estimate", () => did = StaggeredDid.Estimate(sample, options, match.Comparison));
        Time("two-way fixed effects", () => TwoWayFixedEffects.Estimate(sample, options.Rule));
        Time("before/after", () => BeforeAfter.Estimate(sample, options.PostWindow));
        Time("placebo", () => Robustness.Placebo(sample, options, match.Comparison));
        Time("permutations", () => Robustness.PermutationP(sample, did!.Overall.Value, options));
        Time("whole evaluation (with diagnostics)", () => EvaluationRunner.Run(inputs.Panel, inputs.Request, inputs.Context));
        Time("stored inputs", () => StoredInputs.Pack(inputs));
    }

    private static void Time(string stage, Action action)
    {
        var runs = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            runs.Add(watch.Elapsed.TotalMilliseconds);
        }

        runs.Sort();
        Console.WriteLine($"  {stage,-40} {runs[1],8:F0} ms");
    }
}
