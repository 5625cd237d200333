using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

/// <summary>
/// Tallies what the runtime reports while it listens (events of the given keywords), by name, and prints the heaviest names:
/// the base of <see cref="JitLog"/> and <see cref="AllocationLog"/>.
/// </summary>
internal abstract class RuntimeTally : EventListener
{
    private readonly ConcurrentDictionary<string, long> tally = new(StringComparer.Ordinal);

    /// <summary>A constant: read while the base listener is still being constructed.</summary>
    protected abstract EventKeywords Keywords { get; }

    protected void Add(string name, long amount) => tally.AddOrUpdate(name, amount, (_, n) => n + amount);

    /// <param name="variable">The environment variable holding how many names to print.</param>
    /// <param name="amount">A name's amount and the total, as printed before the name.</param>
    protected void Print(string variable, Func<long, long, string> amount)
    {
        var top = int.Parse(Environment.GetEnvironmentVariable(variable)!, System.Globalization.CultureInfo.InvariantCulture);
        var total = Math.Max(1, tally.Values.Sum());
        foreach (var (name, value) in tally.OrderByDescending(t => t.Value).Take(top).Select(t => (t.Key, t.Value)))
        {
            Console.WriteLine($"    {amount(value, total)}  {name}");
        }

        tally.Clear();
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, Keywords);
        }
    }
}
