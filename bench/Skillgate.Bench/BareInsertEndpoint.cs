using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// The ceiling of any design that writes each check-in in its own request on this machine: a bare endpoint (no sign-in, rules
/// or audit) doing one INSERT per POST, on its own port, against the same cluster as the app.
/// </summary>
internal sealed class BareInsertEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly NpgsqlDataSource data;

    private BareInsertEndpoint(WebApplication app, NpgsqlDataSource data, int port)
    {
        this.app = app;
        this.data = data;
        Port = port;
        Request = RawHttpConnection.Post(port, "/insert", "", "{}");
    }

    public int Port { get; }

    /// <summary>One POST, encoded once, as the load generator sends it.</summary>
    public byte[] Request { get; }

    public static async Task<BareInsertEndpoint> StartAsync(string connectionString)
    {
        var port = BenchClient.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        // At most 64 connections: the app beside it keeps its own pool (up to 100) on the cluster's 200.
        var data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 64 }.ConnectionString);
        var app = builder.Build();
        app.MapPost("/insert", async () =>
        {
            await using var cmd = data.CreateCommand("INSERT INTO bench_insert(payload) VALUES ('x')");
            await cmd.ExecuteNonQueryAsync();
            return Results.Ok();
        });
        await app.StartAsync();
        return new BareInsertEndpoint(app, data, port);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await data.DisposeAsync();
    }
}
