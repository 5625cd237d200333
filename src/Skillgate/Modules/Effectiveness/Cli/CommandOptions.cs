namespace Skillgate.Modules.Effectiveness.Cli;

/// <summary><c>--name value</c> pairs after a verb; an option may repeat (<c>--where a=1 --where b=2</c>).</summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    public CommandOptions(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                values.TryAdd(name, []);
            }
            else if (name is null)
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
            else
            {
                values[name].Add(arg);
                name = null;
            }
        }
    }

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"--{name} is required.");

    public string? Optional(string name) => values.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;

    public IReadOnlyList<string> List(string name) =>
        (Optional(name) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var v) ? v : [];
}
