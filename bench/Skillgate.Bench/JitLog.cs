using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

/// <summary>
/// The methods the JIT compiles while it listens (the runtime's MethodJittingStarted events), for finding what keeps compiling
/// after a warm-up: with SKILLGATE_BENCH_JIT=N a benchmark prints the N most frequent type names.
/// </summary>
internal sealed class JitLog : EventListener
{
    private readonly ConcurrentDictionary<string, int> types = new(StringComparer.Ordinal);

    public static JitLog? StartIfAsked() => Environment.GetEnvironmentVariable("SKILLGATE_BENCH_JIT") is { Length: > 0 } ? new JitLog() : null;

    public void Print()
    {
        var top = int.Parse(Environment.GetEnvironmentVariable("SKILLGATE_BENCH_JIT")!, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (type, count) in types.OrderByDescending(t => t.Value).Take(top).Select(t => (t.Key, t.Value)))
        {
            Console.WriteLine($"    JIT {count,6}  {type}");
        }

        types.Clear();
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x10);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == "MethodJittingStarted_V1" && e.Payload is { Count: > 5 } payload)
        {
            types.AddOrUpdate($"{payload[4]}::{payload[5]}", 1, (_, n) => n + 1);
        }
    }
}
