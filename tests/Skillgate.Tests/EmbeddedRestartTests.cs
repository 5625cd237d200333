using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The embedded PostgreSQL after a crash: the next start adopts the server the dead process left running, and its clean
/// shutdown stops it, so no PostgreSQL outlives the application.
/// </summary>
public sealed class EmbeddedRestartTests
{
    [Fact]
    public async Task After_a_kill_9_the_next_run_adopts_the_server_and_its_clean_shutdown_leaves_no_PostgreSQL_running()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "skillgate-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        if (Environment.UserName == "root")
        {
            using var chown = Process.Start("chown", ["postgres:postgres", dataPath]);
            await chown.WaitForExitAsync();
        }

        var settings = new Dictionary<string, string> { ["Skillgate__DataPath"] = dataPath, ["ConnectionStrings__Default"] = "" };
        using var http = new HttpClient();
        var pidFile = Path.Combine(dataPath, "pg", "postmaster.pid");
        try
        {
            await using (var first = AppProcess.Start("", settings: settings))
            {
                (await first.WaitHealthyAsync(http)).IsSuccessStatusCode.Should().BeTrue();
                await first.KillAsync();
            }

            var orphan = ServerPid(pidFile);
            orphan.Should().NotBeNull("the crashed process left its PostgreSQL running");
            IsAlive(orphan!.Value).Should().BeTrue();

            await using (var second = AppProcess.Start("", settings: settings))
            {
                (await second.WaitHealthyAsync(http)).IsSuccessStatusCode.Should().BeTrue("the next run works on the server it found");
                (await second.StopAsync()).Should().Be(0);
            }

            File.Exists(pidFile).Should().BeFalse("the clean shutdown stopped the adopted server");
            IsAlive(orphan.Value).Should().BeFalse($"no PostgreSQL outlives the application ({State(orphan.Value)})");
        }
        finally
        {
            if (ServerPid(pidFile) is { } left && IsAlive(left))
            {
                using var stop = Process.GetProcessById(left);
                stop.Kill();
            }

            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static int? ServerPid(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private static string State(int pid) => File.Exists($"/proc/{pid}/stat") ? File.ReadAllText($"/proc/{pid}/stat") : "gone";

    /// <summary>Running, not a zombie: a stopped server whose parent (the container's init) has not reaped it is dead.</summary>
    private static bool IsAlive(int pid)
    {
        if (State(pid) is var stat && stat != "gone" && stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
