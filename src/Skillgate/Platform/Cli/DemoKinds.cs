namespace Skillgate.Platform.Cli;

/// <summary>The demos <c>seed-demo</c> can fill an empty database with: the plant (the default) or the hospital.</summary>
internal static class DemoKinds
{
    public const string Plant = "plant";
    public const string Hospital = "hospital";

    /// <summary>The demo a <c>Skillgate:SeedDemo</c> setting names ("true" is the plant), or null when it names none.</summary>
    public static string? Of(string? setting) => setting?.Trim().ToLowerInvariant() switch
    {
        "true" or Plant => Plant,
        Hospital => Hospital,
        _ => null,
    };

    /// <summary>
    /// The demo asked for: the word right after the <c>seed-demo</c> verb, else the configured one, else the plant;
    /// null for a word that names no demo.
    /// </summary>
    public static string? Pick(string[] args, string? configured)
    {
        var verb = Array.IndexOf(args, "seed-demo");
        var word = verb >= 0 && verb + 1 < args.Length && !args[verb + 1].StartsWith('-') ? args[verb + 1] : null;
        if (word is not null)
        {
            return Of(word) is { } named && !string.Equals(word, "true", StringComparison.OrdinalIgnoreCase) ? named : null;
        }

        return string.IsNullOrWhiteSpace(configured) ? Plant : Of(configured);
    }
}
