using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (the app's own embedded-cluster code), with a
/// migrated template database; each test class clones its own database from it.
/// </summary>
public static class TestCluster
{
    private const string Template = "skillgate_template";
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);
    private static int _counter;

    public static async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var server = await Server.Value;
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await DatabaseBootstrap.CreateDatabaseIfMissingAsync(server.ConnectionString("postgres"), name, migrated ? Template : null, CancellationToken.None);
        return server.ConnectionString(name);
    }

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"skillgate-tests-{Environment.ProcessId}");

        // A folder left by a killed run whose process id is ours again holds another build's template: start clean.
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        var server = await EmbeddedPostgres.StartAsync(Path.Combine(dir, "pg"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(dir, recursive: true);
        };
        await DatabaseBootstrap.CreateDatabaseIfMissingAsync(server.ConnectionString("postgres"), Template, null, CancellationToken.None);
        await MigrationRunner.ApplyAsync(server.ConnectionString(Template));
        NpgsqlConnection.ClearAllPools();
        return server;
    }
}
