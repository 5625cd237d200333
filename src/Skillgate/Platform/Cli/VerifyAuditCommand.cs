using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Cli;

/// <summary>
/// <c>Skillgate verify-audit</c>: checks the chain and this data folder's signed checkpoints; prints "intact" or the first bad
/// position and the last good checkpoint, and the records left unchained longer than <c>Skillgate:Audit:UnchainedLimitSeconds</c>
/// (default 60). Exit code 0 when all holds, 1 otherwise.
/// </summary>
internal static class VerifyAuditCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = CommandConfiguration.Build(args, "verify-audit");
        await using var runtime = new DatabaseRuntime(configuration, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseRuntime>.Instance);
        await runtime.StartAsync(CancellationToken.None);
        await using var dataSource = runtime.CreateDataSource();
        var log = new CheckpointLog(configuration, runtime.DataPath);
        var result = await AuditVerifier.VerifyAsync(dataSource, log, AuditVerifier.UnchainedLimit(configuration));
        foreach (var line in Describe(result, log.FilePath))
        {
            Console.WriteLine(line);
        }

        return result.Healthy ? 0 : 1;
    }

    public static IEnumerable<string> Describe(AuditVerifier.Result result, string checkpoints)
    {
        var lastGood = result.LastGoodCheckpoint is { } g ? $"checkpoint at seq {g}" : "none";
        yield return result.Intact
            ? $"intact ({result.RowsChecked} rows, {result.CheckpointsChecked} checkpoints in {checkpoints}; last good {lastGood})"
            : result.FirstBrokenSeq is { } first
                ? $"broken at seq {first}: {result.Reason}; last good {lastGood}"
                : $"broken: {result.Reason} ({checkpoints})";
        if (result.Unchained > 0)
        {
            yield return $"{result.Unchained} records not chained yet, {result.UnchainedTooLong} of them longer than the limit";
        }
    }
}
