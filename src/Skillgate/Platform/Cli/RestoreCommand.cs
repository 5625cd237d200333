using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Backup;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Cli;

/// <summary>
/// <c>Skillgate restore --from FILE</c>: rebuilds an empty data folder (and, with no connection string, its embedded cluster)
/// or an empty external database from a backup archive, after checking every entry against the manifest; applies newer
/// migrations, then verifies the audit chain against the restored signed checkpoints. Exit code 0 when the chain is intact,
/// 1 when it is not, 2 when the archive or the target is refused (the target is then left as it was).
/// </summary>
internal static class RestoreCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var configuration = CommandConfiguration.Build(args, "restore");
        if (configuration["from"] is not { Length: > 0 } from)
        {
            await output.WriteLineAsync("restore needs --from <archive>");
            return 2;
        }

        var dataPath = DatabaseBootstrap.DataPath(configuration);
        var checkpoints = new CheckpointLog(configuration, dataPath).FilePath;
        var external = configuration.GetConnectionString("Default") is { Length: > 0 };
        var staging = Path.Combine(dataPath, ".restore");
        var started = false;
        EmbeddedPostgres? server = null;
        try
        {
            await RefuseUnlessEmptyAsync(configuration, dataPath, checkpoints, external);
            started = true;
            var unpacked = await BackupReader.UnpackAsync(Path.GetFullPath(from), staging, CancellationToken.None);
            PlaceFiles(staging, dataPath, checkpoints);

            var (app, owner, embedded) = await DatabaseBootstrap.ResolveAsync(configuration);
            server = embedded;
            await PgTools.RestoreAsync(owner, unpacked.DumpFile, keepOwners: !external, CancellationToken.None);
            var applied = await MigrationRunner.ApplyAsync(owner);
            Directory.Delete(staging, recursive: true);
            started = false;

            await output.WriteLineAsync(
                $"restored {unpacked.Manifest.Entries.Count} entries from a backup of {unpacked.Manifest.CreatedAt:u} (migration {unpacked.Manifest.Migration}, node {unpacked.Manifest.Node})" +
                (applied.Count > 0 ? $"; migrations applied since: {string.Join(", ", applied)}" : ""));
            await using var dataSource = NpgsqlDataSource.Create(app);
            var log = new CheckpointLog(configuration, dataPath);
            var result = await AuditVerifier.VerifyAsync(dataSource, log, AuditVerifier.UnchainedLimit(configuration));
            foreach (var line in VerifyAuditCommand.Describe(result, log.FilePath))
            {
                await output.WriteLineAsync("audit: " + line);
            }

            // Records the source had not chained yet are chained by the app's sequencer when it starts; only a break fails here.
            return result.Intact ? 0 : 1;
        }
        catch (Exception e) when (e is BackupRefusedException or InvalidOperationException or IOException or NpgsqlException)
        {
            await output.WriteLineAsync($"restore refused: {e.Message}");
            if (server is not null)
            {
                await server.DisposeAsync();
                server = null;
            }

            if (started)
            {
                Undo(dataPath, checkpoints);
            }

            return 2;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task RefuseUnlessEmptyAsync(IConfiguration configuration, string dataPath, string checkpoints, bool external)
    {
        if (Directory.Exists(dataPath) && Directory.EnumerateFileSystemEntries(dataPath).Any())
        {
            throw new BackupRefusedException($"The data folder {dataPath} is not empty; restore only into an empty one.");
        }

        if (File.Exists(checkpoints))
        {
            throw new BackupRefusedException($"A checkpoint log is already at {checkpoints}; restore only where none is.");
        }

        if (!external)
        {
            return;
        }

        var owner = configuration.GetConnectionString("Owner") is { Length: > 0 } o ? o : configuration.GetConnectionString("Default")!;
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
            """, connection);
        if ((long)(await cmd.ExecuteScalarAsync())! > 0)
        {
            throw new BackupRefusedException($"The database {connection.Database} already has tables; restore only into an empty one.");
        }
    }

    /// <summary>Moves the unpacked folders and the checkpoint log to where the app reads them.</summary>
    private static void PlaceFiles(string staging, string dataPath, string checkpoints)
    {
        foreach (var folder in BackupLayout.Folders.Where(f => Directory.Exists(Path.Combine(staging, f))))
        {
            Directory.Move(Path.Combine(staging, folder), Path.Combine(dataPath, folder));
        }

        var log = Path.Combine(staging, BackupLayout.Checkpoints);
        if (File.Exists(log))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(checkpoints)!);
            File.Move(log, checkpoints);
        }
    }

    /// <summary>The target was empty before: a failed restore empties it again.</summary>
    private static void Undo(string dataPath, string checkpoints)
    {
        if (File.Exists(checkpoints))
        {
            File.Delete(checkpoints);
        }

        if (!Directory.Exists(dataPath))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(dataPath))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }
}
