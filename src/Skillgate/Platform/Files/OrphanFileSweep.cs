using Dapper;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Files;

/// <summary>
/// Every hour, on every node: removes from the file store what no database row describes and what is older than
/// <c>Skillgate:Files:OrphanMinutes</c> (60) — content whose transaction never committed because the process stopped in between,
/// and uploads cut off while they were received. Younger files are left alone: their description may still be on its way. A
/// file's age is the time it was last stored (<see cref="FileStore"/> sets it from the clock). Several nodes may sweep at once.
/// </summary>
internal sealed class OrphanFileSweep(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<OrphanFileSweep> logger) : IBackgroundJob
{
    private const int Batch = 1000;

    public string Name => "orphan-file-sweep";

    public TimeSpan Every => TimeSpan.FromHours(1);

    public bool DelayFirst => true;

    Task IBackgroundJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <returns>How many files were removed.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var runtime = scope.ServiceProvider.GetRequiredService<DatabaseRuntime>();
        var folder = FileStore.Folder(runtime);
        if (!runtime.IsStarted || !Directory.Exists(folder))
        {
            return 0;
        }

        var cutoff = (clock.GetUtcNow() - TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Files:OrphanMinutes", 60))).UtcDateTime;
        var removed = 0;
        foreach (var upload in Directory.EnumerateFiles(folder, FileStore.TempPrefix + "*").Where(f => Older(f, cutoff)))
        {
            File.Delete(upload);
            removed++;
        }

        var old = Directory.EnumerateDirectories(folder)
            .SelectMany(d => Directory.EnumerateFiles(d))
            .Where(f => Path.GetFileName(f) is { Length: 64 } name && name.StartsWith(Path.GetFileName(Path.GetDirectoryName(f))!, StringComparison.Ordinal))
            .Where(f => Older(f, cutoff));
        var dataSource = scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>();
        foreach (var chunk in old.Chunk(Batch))
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var described = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT sha256 FROM platform.stored_file WHERE sha256 = ANY(@shas)",
                new { shas = chunk.Select(f => Path.GetFileName(f)).ToArray() }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
            foreach (var orphan in chunk.Where(f => !described.Contains(Path.GetFileName(f))))
            {
                // Checked again just before: a file stored again meanwhile is young once more.
                if (Older(orphan, cutoff))
                {
                    File.Delete(orphan);
                    removed++;
                }
            }
        }

        if (removed > 0)
        {
            logger.LogInformation("The orphan file sweep removed {Count} files no record describes", removed);
        }

        return removed;
    }

    private static bool Older(string path, DateTime cutoff) => File.Exists(path) && File.GetLastWriteTimeUtc(path) < cutoff;
}
