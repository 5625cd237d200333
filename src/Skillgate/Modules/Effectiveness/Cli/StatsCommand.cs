using System.Text.Json;
using Skillgate.Modules.Effectiveness.Statistics;

namespace Skillgate.Modules.Effectiveness.Cli;

/// <summary>
/// <c>Skillgate stats regress|did|match …</c>: the evaluations' estimators on a CSV file, for validating the calculation engine
/// against another package. Prints JSON; exit code 2 with a message for bad input.
/// </summary>
internal static class StatsCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task<int> RunAsync(string[] args, TextWriter output)
    {
        var verbs = args.SkipWhile(a => a != "stats").Skip(1).ToArray();
        try
        {
            var options = new CommandOptions(verbs.Skip(1));
            object result = verbs.FirstOrDefault() switch
            {
                "regress" => RegressCommand.Run(options),
                "did" => DidCommand.Run(options),
                "match" => MatchCommand.Run(options),
                _ => throw new ArgumentException("Usage: Skillgate stats regress|did|match --csv FILE …"),
            };
            output.WriteLine(JsonSerializer.Serialize(result, Json));
            return Task.FromResult(0);
        }
        catch (Exception e) when (e is ArgumentException or StatisticsException or IOException or FormatException)
        {
            output.WriteLine(JsonSerializer.Serialize(new { error = e.Message }, Json));
            return Task.FromResult(2);
        }
    }
}
