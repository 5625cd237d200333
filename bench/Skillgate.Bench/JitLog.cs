using System.Diagnostics.Tracing;

/// <summary>
/// The methods the JIT compiles while it listens (the runtime's MethodJittingStarted events), for finding what keeps compiling
/// after a warm-up: with SKILLGATE_BENCH_JIT=N a benchmark prints the N most frequent type names.
/// </summary>
internal sealed class JitLog : RuntimeTally
{
    private const string Variable = "SKILLGATE_BENCH_JIT";

    public static JitLog? StartIfAsked() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } ? new JitLog() : null;

    public void Print() => Print(Variable, (count, _) => $"JIT {count,6}");

    protected override EventKeywords Keywords => (EventKeywords)0x10;

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == "MethodJittingStarted_V1" && e.Payload is { Count: > 5 } payload)
        {
            Add($"{payload[4]}::{payload[5]}", 1);
        }
    }
}
