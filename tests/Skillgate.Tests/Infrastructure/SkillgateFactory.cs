using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Skillgate.Tests.Infrastructure;

/// <summary>The real app on its own cloned database, with a fake clock and a known administrator password.</summary>
public partial class SkillgateFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "Admin#2026x";

    public string ConnectionString { get; private set; } = "";

    public FakeClock Clock { get; init; } = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Another node's database to join instead of creating one: a second app node (share its <see cref="Clock"/> too).</summary>
    public string? JoinConnectionString { get; init; }

    /// <summary>Fill the demo plant at start-up (its logins use <see cref="DemoPassword"/>, admin included).</summary>
    public bool SeedDemo { get; init; }

    /// <summary>Which demo <see cref="SeedDemo"/> fills: "plant" (the default) or "hospital".</summary>
    public string Demo { get; init; } = "plant";

    public const string DemoPassword = "Skillgate#2026";

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "skillgate-data-" + Guid.NewGuid().ToString("N"));

    /// <summary>Extra settings for the app under test (e.g. an SMTP server started by the test).</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal)
    {
        // The tests run the background passes themselves (on two nodes at once where it matters), at the moments they choose.
        ["Skillgate:Workflow:EscalationPollSeconds"] = "86400",
        ["Skillgate:Notifications:PollSeconds"] = "86400",
    };

    public async Task InitializeAsync() => ConnectionString = JoinConnectionString ?? await TestCluster.CreateDatabaseAsync();

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", TestCluster.AsApp(ConnectionString));
        builder.UseSetting("ConnectionStrings:Owner", TestCluster.AsOwner(ConnectionString));
        builder.UseSetting("Skillgate:DataPath", DataPath);
        builder.UseSetting("Skillgate:AdminPassword", AdminPassword);
        builder.UseSetting("Skillgate:SeedDemo", SeedDemo ? Demo : "false");
        if (SeedDemo)
        {
            builder.ConfigureServices(services => Skillgate.Platform.Cli.SeedDemoCommand.AddDemo(services, Demo));
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorLog(Path.Combine(Path.GetTempPath(), "skillgate-test-errors.log"))));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public NpgsqlDataSource OpenDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>A client signed in through the real login form (anti-forgery token included).</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password, string language = "en")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await PostFormAsync(client, "/Account/Login", new Dictionary<string, string> { ["UserName"] = userName, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {response.StatusCode}");
        }

        return client;
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? pageForToken = null)
    {
        var page = await client.GetStringAsync(pageForToken ?? url);
        var token = TokenPattern().Match(page).Groups[1].Value;
        var form = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>Creates a user through the API as the administrator.</summary>
    public async Task<Guid> CreateUserAsync(HttpClient admin, string userName, string[] roles, bool scopeAll, Guid[]? scope = null, Guid? employeeId = null, string password = "Passw0rd!x")
    {
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName, displayName = userName, password, roles, employeeId, scopeAll, scopeOrgUnitIds = scope ?? [] });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        await using var ds = OpenDataSource();
        await using var cmd = ds.CreateCommand("UPDATE auth.app_user SET must_change_password = false WHERE id = @id");
        cmd.Parameters.AddWithValue("id", id);
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    public sealed record IdOnly(Guid Id);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
