using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

/// <summary>
/// What the process allocates, sampled by the runtime about every 100 KB (GCAllocationTick events): with
/// SKILLGATE_BENCH_ALLOC=N a benchmark prints the N types most sampled while it listens, with the share of the samples.
/// </summary>
internal sealed class AllocationLog : EventListener
{
    private readonly ConcurrentDictionary<string, long> types = new(StringComparer.Ordinal);

    public static AllocationLog? StartIfAsked() => Environment.GetEnvironmentVariable("SKILLGATE_BENCH_ALLOC") is { Length: > 0 } ? new AllocationLog() : null;

    public void Print()
    {
        var top = int.Parse(Environment.GetEnvironmentVariable("SKILLGATE_BENCH_ALLOC")!, System.Globalization.CultureInfo.InvariantCulture);
        var total = Math.Max(1, types.Values.Sum());
        foreach (var (type, bytes) in types.OrderByDescending(t => t.Value).Take(top).Select(t => (t.Key, t.Value)))
        {
            Console.WriteLine($"    allocated {bytes * 100.0 / total,5:F1} %  {type}");
        }

        types.Clear();
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.PayloadNames is { } names)
        {
            var type = e.Payload![names.IndexOf("TypeName")] as string ?? "?";
            var kind = e.Payload[names.IndexOf("AllocationKind")] is uint k && k == 1 ? " (large object heap)" : "";
            var amount = Convert.ToInt64(e.Payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            types.AddOrUpdate(type + kind, amount, (_, n) => n + amount);
        }
    }
}
