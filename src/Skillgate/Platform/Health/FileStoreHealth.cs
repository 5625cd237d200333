using Skillgate.Platform.Data;

namespace Skillgate.Platform.Health;

/// <summary>
/// The file store: its folder is there and how much room is left; a probe (the health page's "check now") also writes and removes
/// a file. Not on every <c>/health</c> call: the load balancer asks every second or two.
/// </summary>
internal sealed class FileStoreHealth(DatabaseRuntime runtime, TimeProvider clock) : IHealthReporter
{
    public Task<HealthItem> ReportAsync(bool probe, CancellationToken ct)
    {
        var folder = Files.FileStore.Folder(runtime);
        try
        {
            Directory.CreateDirectory(folder);
            if (probe)
            {
                var file = Path.Combine(folder, Files.FileStore.TempPrefix + "health-" + Guid.NewGuid().ToString("N"));
                File.WriteAllBytes(file, [1]);
                File.Delete(file);
            }

            var free = new DriveInfo(folder).AvailableFreeSpace;
            return Task.FromResult(new HealthItem("file_store", true, $"{folder}: {free / (1024 * 1024):N0} MB free", clock.GetUtcNow()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new HealthItem("file_store", false, $"{folder}: {e.Message}", clock.GetUtcNow()));
        }
    }
}
