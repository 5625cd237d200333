using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Cli;

/// <summary><c>Skillgate verify-audit</c>: prints "intact" or the first broken row; exit code 0 or 1.</summary>
internal static class VerifyAuditCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a != "verify-audit").ToArray())
            .Build();
        await using var runtime = new DatabaseRuntime(configuration, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseRuntime>.Instance);
        await runtime.StartAsync(CancellationToken.None);
        await using var dataSource = runtime.CreateDataSource();
        var result = await AuditVerifier.VerifyAsync(dataSource);
        if (result.Intact)
        {
            Console.WriteLine($"intact ({result.RowsChecked} rows)");
            return 0;
        }

        Console.WriteLine($"broken at seq {result.FirstBrokenSeq}: {result.Reason}");
        return 1;
    }
}
