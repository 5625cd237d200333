namespace Skillgate.Platform.Jobs;

/// <summary>This process among the app nodes: <c>Skillgate:Node</c> when set (what deploy/ gives each unit), else host/pid.</summary>
internal static class NodeName
{
    public static string Of(IConfiguration configuration) =>
        configuration["Skillgate:Node"] is { Length: > 0 } name ? name : Environment.MachineName + "/" + Environment.ProcessId;
}
