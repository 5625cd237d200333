using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// Owns the database for the life of the process: resolves it (configured server or embedded cluster),
/// applies migrations, and stops the embedded server on shutdown.
/// </summary>
internal sealed class DatabaseRuntime(IConfiguration configuration, ILogger<DatabaseRuntime> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EmbeddedPostgres? _server;
    private string? _connectionString;
    private string? _ownerConnectionString;

    /// <summary>The owner's connection (migrations, backup and restore), not the application's.</summary>
    public string OwnerConnectionString => _ownerConnectionString ?? throw new InvalidOperationException("The database has not been started yet.");

    /// <summary>True when this process runs the embedded cluster in its data folder (no connection string configured).</summary>
    public bool IsEmbedded => _server is not null;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database has not been started yet.");

    public string DataPath => DatabaseBootstrap.DataPath(configuration);

    public bool IsStarted => _connectionString is not null;

    public async Task StartAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_connectionString is not null)
            {
                return;
            }

            var (connectionString, owner, server) = await DatabaseBootstrap.ResolveAsync(configuration, ct);
            _server = server;
            var applied = await MigrationRunner.ApplyAsync(owner, ct);
            logger.LogInformation("Database ready ({Where}); migrations applied now: {Applied}",
                server is null ? "configured server" : $"embedded PostgreSQL on port {server.Port}",
                applied.Count == 0 ? "none" : string.Join(", ", applied));
            _ownerConnectionString = owner;
            _connectionString = connectionString;
        }
        finally
        {
            _gate.Release();
        }
    }

    public NpgsqlDataSource CreateDataSource() => CreateDataSource(ConnectionString);

    /// <summary>A data source with the application's settings on another server of the same database (a standby).</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Hot statements (the gate check, list pages) are prepared per connection after their second use:
        // planning costs more than executing them.
        builder.ConnectionStringBuilder.MaxAutoPrepare = 100;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        builder.EnableDynamicJson();
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>Starts the database before anything else runs; registered as the first hosted service.</summary>
internal sealed class DatabaseStartup(DatabaseRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
