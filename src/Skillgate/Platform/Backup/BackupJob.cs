using Skillgate.Platform.Data;

namespace Skillgate.Platform.Backup;

/// <summary>
/// The daily backup (by default only with the embedded database, which nobody else backs up): one node a day writes an archive
/// to the backup folder and prunes it to the newest <see cref="BackupSettings.Keep"/>. A failed day is tried again an hour later.
/// </summary>
internal sealed class BackupJob(BackupService backups, DatabaseRuntime runtime, IServiceScopeFactory scopes, TimeProvider clock, ILogger<BackupJob> logger) : IBackgroundJob
{
    public const string JobName = "backup";

    public string Name => JobName;

    public TimeSpan Every => TimeSpan.FromHours(1);

    /// <summary>Not at once: start-up (migrations, the demo plant) comes first.</summary>
    public bool DelayFirst => true;

    public async Task RunOnceAsync(CancellationToken ct)
    {
        if (!runtime.IsStarted || !(backups.Settings.Enabled ?? runtime.IsEmbedded))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var gate = scope.ServiceProvider.GetRequiredService<DailyJobGate>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!await gate.TryClaimAsync(JobName, today, ct))
        {
            return;
        }

        try
        {
            var (archive, manifest, pruned) = await backups.RunAsync(null, ct);
            logger.LogInformation("Backup written to {Archive} ({Entries} entries); {Pruned} old ones removed", archive, manifest.Entries.Count, pruned.Count);
        }
        catch
        {
            await gate.ReleaseAsync(JobName, today, CancellationToken.None);
            throw;
        }
    }
}
