using Microsoft.Extensions.Logging.Abstractions;
using Skillgate.Platform.Backup;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Cli;

/// <summary>
/// <c>Skillgate backup [--to FILE]</c>: one archive of the database and the data folder (stored files, key files, signed audit
/// checkpoints, imports) with a manifest of checksums; without <c>--to</c> it goes to the backup folder, which keeps the newest
/// <c>Skillgate:Backup:Keep</c>. Runs beside a serving app.
/// </summary>
internal static class BackupCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var configuration = CommandConfiguration.Build(args, "backup");
        await using var runtime = new DatabaseRuntime(configuration, NullLogger<DatabaseRuntime>.Instance);
        await runtime.StartAsync(CancellationToken.None);
        var service = new BackupService(runtime, configuration, TimeProvider.System);
        try
        {
            var (archive, manifest, pruned) = await service.RunAsync(configuration["to"] is { Length: > 0 } to ? Path.GetFullPath(to) : null, CancellationToken.None);
            await output.WriteLineAsync($"backup written: {archive} ({new FileInfo(archive).Length:N0} bytes, {manifest.Entries.Count} entries, migration {manifest.Migration})");
            foreach (var old in pruned)
            {
                await output.WriteLineAsync($"removed old backup {old}");
            }

            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"backup failed: {e.Message}");
            return 1;
        }
    }
}
