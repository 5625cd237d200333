using System.Diagnostics.Tracing;

/// <summary>
/// What the process allocates, sampled by the runtime about every 100 KB (GCAllocationTick events): with
/// SKILLGATE_BENCH_ALLOC=N a benchmark prints the N types most sampled while it listens, with the share of the samples.
/// </summary>
internal sealed class AllocationLog : RuntimeTally
{
    private const string Variable = "SKILLGATE_BENCH_ALLOC";

    public static AllocationLog? StartIfAsked() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } ? new AllocationLog() : null;

    public void Print() => Print(Variable, (bytes, total) => $"allocated {bytes * 100.0 / total,5:F1} %");

    protected override EventKeywords Keywords => (EventKeywords)0x1;

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.PayloadNames is { } names)
        {
            var type = e.Payload![names.IndexOf("TypeName")] as string ?? "?";
            var kind = e.Payload[names.IndexOf("AllocationKind")] is uint k && k == 1 ? " (large object heap)" : "";
            Add(type + kind, Convert.ToInt64(e.Payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
