using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Jobs;

namespace Skillgate.Platform.Backup;

/// <summary>Backs up the running instance: its database (through the owner's connection) and its data folder.</summary>
internal sealed class BackupService(DatabaseRuntime runtime, IConfiguration configuration, TimeProvider clock)
{
    public BackupSettings Settings => BackupSettings.From(configuration, runtime.DataPath);

    /// <summary>Writes an archive (to <paramref name="archive"/>, or a new one in the backup folder) and prunes old ones in that folder.</summary>
    public async Task<(string Archive, BackupManifest Manifest, IReadOnlyList<string> Pruned)> RunAsync(string? archive, CancellationToken ct)
    {
        var settings = Settings;
        var target = archive ?? settings.NewArchive(clock.GetUtcNow());
        var checkpoints = new CheckpointLog(configuration, runtime.DataPath).FilePath;
        var manifest = await BackupWriter.WriteAsync(
            new BackupWriter.Sources(runtime.DataPath, checkpoints, runtime.OwnerConnectionString, NodeName.Of(configuration)), target, clock, ct);
        return (target, manifest, archive is null ? settings.Prune() : []);
    }
}
