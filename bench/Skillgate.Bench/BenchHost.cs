using Microsoft.AspNetCore.Builder;
using Npgsql;
using Skillgate.Platform;
using Skillgate.Platform.Data;

/// <summary>
/// What every API benchmark runs against: an embedded PostgreSQL cluster in a temp folder, the app on a free loopback port, a data
/// source for checks, and one HTTP client whose connections all simulated users share (each request carries its user's cookie).
/// Disposing stops the app, the cluster and removes the folder.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly EmbeddedPostgres postgres;
    private bool appStopped;

    private BenchHost(EmbeddedPostgres postgres, string folder, string connectionString, WebApplication app, Uri baseUri)
    {
        this.postgres = postgres;
        Folder = folder;
        ConnectionString = connectionString;
        App = app;
        BaseUri = baseUri;
        Data = NpgsqlDataSource.Create(connectionString);
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = int.MaxValue, AllowAutoRedirect = false })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromMinutes(10),
        };
    }

    public string Folder { get; }

    /// <summary>Whether the folder (SKILLGATE_BENCH_DATA) outlives the run, so a bench can reuse the data it generated.</summary>
    public bool Kept { get; private init; }

    public string ConnectionString { get; }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public NpgsqlDataSource Data { get; }

    public HttpClient Http { get; }

    /// <param name="name">Part of the temp folder's name.</param>
    /// <param name="settings">Extra command-line settings for the app, e.g. "--Skillgate:Training:QrRotateSeconds=300".</param>
    public static Task<BenchHost> StartAsync(string name, params string[] settings) => StartAsync(name, _ => { }, settings);

    /// <param name="name">Part of the temp folder's name.</param>
    /// <param name="extra">Endpoints the benchmark adds to the app before it starts (they run through the app's whole pipeline).</param>
    /// <param name="settings">Extra command-line settings for the app.</param>
    public static async Task<BenchHost> StartAsync(string name, Action<WebApplication> extra, params string[] settings)
    {
        // Hundreds of simulated clients start at once; do not let the thread pool ramp up slowly during a measurement.
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 16), Math.Max(64, Environment.ProcessorCount * 16));
        var kept = Environment.GetEnvironmentVariable("SKILLGATE_BENCH_DATA");
        var folder = kept ?? Path.Combine(Path.GetTempPath(), $"skillgate-bench-{name}-{Environment.ProcessId}");
        var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "pg"));
        await DatabaseBootstrap.CreateDatabaseIfMissingAsync(postgres.ConnectionString("postgres"), "bench", null, CancellationToken.None);
        await DatabaseRoles.AdoptAsync(postgres.ConnectionString("bench"), "bench", CancellationToken.None);
        var cs = postgres.ConnectionString("bench");
        var port = BenchClient.FreePort();
        var app = SkillgateApp.Build([
            "--urls", $"http://127.0.0.1:{port}", "--ConnectionStrings:Default=" + postgres.AppConnectionString("bench"), "--ConnectionStrings:Owner=" + postgres.OwnerConnectionString("bench"), "--Skillgate:DataPath=" + folder, "--Skillgate:AdminPassword=" + BenchClient.Password,
            "--Logging:LogLevel:Default=Warning", "--contentRoot=" + Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Skillgate")), .. settings]);
        extra(app);
        await app.StartAsync();
        return new BenchHost(postgres, folder, cs, app, new Uri($"http://127.0.0.1:{port}")) { Kept = kept is not null };
    }

    /// <summary>Stops the app early (e.g. so pgbench competes with nothing); the cluster keeps running.</summary>
    public async Task StopAppAsync()
    {
        if (!appStopped)
        {
            appStopped = true;
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        Http.Dispose();
        await Data.DisposeAsync();
        await postgres.DisposeAsync();
        if (!Kept)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
