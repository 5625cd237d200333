using System.Diagnostics;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// A primary with a migrated Skillgate database and a hot standby streaming from it (pg_basebackup -R), both on loopback, with the
/// test cluster's role passwords so <see cref="TestCluster.AsApp"/> and <see cref="TestCluster.AsOwner"/> work on either.
/// </summary>
internal sealed class StreamingPair : IAsyncDisposable
{
    private readonly string _root;
    private readonly EmbeddedPostgres _primary;
    private readonly string _standbyDir;

    private StreamingPair(string root, EmbeddedPostgres primary, string standbyDir, int standbyPort)
    {
        _root = root;
        _primary = primary;
        _standbyDir = standbyDir;
        StandbyPort = standbyPort;
    }

    public int StandbyPort { get; }

    /// <summary>The primary's database, as the superuser.</summary>
    public string Primary => _primary.ConnectionString(DatabaseBootstrap.DatabaseName);

    /// <summary>The standby's copy of it, as the superuser.</summary>
    public string Standby => new NpgsqlConnectionStringBuilder(Primary) { Port = StandbyPort, Host = "127.0.0.1" }.ConnectionString;

    public static async Task<StreamingPair> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "skillgate-pair-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        await AsRootAsync("chown", "postgres:postgres", root);
        var primary = await EmbeddedPostgres.StartAsync(Path.Combine(root, "primary"));
        try
        {
            return await StartStandbyAsync(root, primary);
        }
        catch
        {
            await primary.DisposeAsync();
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    private static async Task<StreamingPair> StartStandbyAsync(string root, EmbeddedPostgres primary)
    {
        var owner = new NpgsqlConnectionStringBuilder(TestCluster.AsOwner(primary.ConnectionString("postgres"))).Password!;
        var app = new NpgsqlConnectionStringBuilder(TestCluster.AsApp(primary.ConnectionString("postgres"))).Password!;
        await DatabaseRoles.EnsureAsync(primary.ConnectionString("postgres"), owner, app, CancellationToken.None);
        await DatabaseBootstrap.CreateDatabaseIfMissingAsync(primary.ConnectionString("postgres"), DatabaseBootstrap.DatabaseName, null, CancellationToken.None);
        await MigrationRunner.ApplyAsync(TestCluster.AsOwner(primary.ConnectionString(DatabaseBootstrap.DatabaseName)));

        var standbyDir = Path.Combine(root, "standby");
        var port = AppProcess.FreePort();
        var source = new NpgsqlConnectionStringBuilder(primary.ConnectionString("postgres"));
        await AsPostgresAsync("env", $"PGPASSWORD={source.Password}", EmbeddedPostgres.Binary("pg_basebackup"),
            "-D", standbyDir, "-h", "127.0.0.1", "-p", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", source.Username!, "-X", "stream", "-R", "--checkpoint=fast");
        await AsPostgresAsync(EmbeddedPostgres.Binary("pg_ctl"), "start", "-D", standbyDir, "-w", "-t", "60", "-l", Path.Combine(root, "standby.log"),
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c hot_standby=on -c max_connections=200");
        return new StreamingPair(root, primary, standbyDir, port);
    }

    /// <summary>The primary goes away (fast shutdown), as in a failover before the new leader is reachable.</summary>
    public Task StopPrimaryAsync() =>
        AsPostgresAsync(EmbeddedPostgres.Binary("pg_ctl"), "stop", "-D", Path.Combine(_root, "primary"), "-m", "fast", "-w");

    /// <summary>The primary back on its port and socket folder (where the app's connection string finds it).</summary>
    public Task StartPrimaryAsync() =>
        AsPostgresAsync(EmbeddedPostgres.Binary("pg_ctl"), "start", "-D", Path.Combine(_root, "primary"), "-w", "-t", "60", "-l", Path.Combine(_root, "primary.log"),
            "-o", $"-p {_primary.Port} -c listen_addresses=127.0.0.1 -k {Path.GetTempPath().TrimEnd('/')} -c max_connections=200");

    public async Task ExecuteOnStandbyAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Standby);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgresAsync(EmbeddedPostgres.Binary("pg_ctl"), "stop", "-D", _standbyDir, "-m", "immediate", "-w");
        }
        finally
        {
            await _primary.DisposeAsync();
            Directory.Delete(_root, recursive: true);
        }
    }

    private static Task AsPostgresAsync(params string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", .. args]) : RunAsync(args[0], args[1..]);

    private static Task AsRootAsync(params string[] args) => Environment.UserName == "root" ? RunAsync(args[0], args[1..]) : Task.CompletedTask;

    private static async Task RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output}");
        }
    }
}
