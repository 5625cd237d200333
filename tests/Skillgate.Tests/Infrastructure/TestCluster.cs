using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (the app's own embedded-cluster code), with a
/// migrated template database; each test class clones its own database from it. The connection strings handed out are the
/// superuser's (what a test checks or tampers with); the app gets <see cref="AsApp"/> and <see cref="AsOwner"/> of them.
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

    /// <summary>The same database as the application's role (no superuser, row security, append-only audit).</summary>
    public static string AsApp(string connectionString) =>
        DatabaseRoles.As(connectionString, DatabaseRoles.App, Server.Value.GetAwaiter().GetResult().AppPassword);

    /// <summary>The same database as its owner (migrations).</summary>
    public static string AsOwner(string connectionString) =>
        DatabaseRoles.As(connectionString, DatabaseRoles.Owner, Server.Value.GetAwaiter().GetResult().OwnerPassword);

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"skillgate-tests-{Environment.ProcessId}");

        // A folder left by a killed run whose process id is ours again holds another build's template: start clean.
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        var server = await EmbeddedPostgres.StartAsync(Path.Combine(dir, "pg"));
        // The database's sessions run in the zone the test run names (ADR 0023: test.sh runs the plant-time tests again with
        // TZ=Etc/GMT+5), so a query that takes a day in the session's zone instead of the unit's gives another answer there.
        if (Environment.GetEnvironmentVariable("TZ") is { Length: > 0 } zone)
        {
            await using var admin = new NpgsqlConnection(server.ConnectionString("postgres"));
            await admin.OpenAsync();
            // set_config refuses a zone PostgreSQL does not know before it is written into the server's settings.
            await using var check = new NpgsqlCommand("SELECT set_config('timezone', @zone, false)", admin);
            check.Parameters.AddWithValue("zone", zone);
            await check.ExecuteNonQueryAsync();
            await using var system = new NpgsqlCommand($"ALTER SYSTEM SET timezone = '{zone.Replace("'", "", StringComparison.Ordinal)}'; SELECT pg_reload_conf()", admin);
            await system.ExecuteNonQueryAsync();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(dir, recursive: true);
        };
        await DatabaseBootstrap.CreateDatabaseIfMissingAsync(server.ConnectionString("postgres"), Template, null, CancellationToken.None);
        await MigrationRunner.ApplyAsync(server.OwnerConnectionString(Template));
        NpgsqlConnection.ClearAllPools();
        return server;
    }
}
