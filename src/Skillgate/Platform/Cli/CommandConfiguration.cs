namespace Skillgate.Platform.Cli;

/// <summary>A command's settings: appsettings.json, the environment, then <c>--Section:Key=value</c> arguments after the verb.</summary>
internal static class CommandConfiguration
{
    public static IConfiguration Build(string[] args, string verb) =>
        new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a != verb).ToArray())
            .Build();
}
