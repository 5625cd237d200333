using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>One demo (plant or hospital) on a real Kestrel port, and Debian's Chromium driven by Playwright.</summary>
public abstract class DemoBrowserApp(string demo) : IAsyncLifetime, IDisposable
{
    private readonly SkillgateFactory _factory = new() { SeedDemo = true, Demo = demo };
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public SkillgateFactory Factory => _factory;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)_factory).InitializeAsync();
        Configure(_factory.Settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // A camera that films a real portrait (from the npm package @vladmandic/human), for the face check-in journeys.
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + FacePhotos.CameraFile,
            ],
        });
    }

    /// <summary>Settings of this demo's app, made before it starts.</summary>
    protected virtual void Configure(Dictionary<string, string> settings)
    {
    }

    /// <summary>Signs the page in through the login form (with the demo password unless another is given).</summary>
    public static async Task LoginAsync(IPage page, string user, string password = SkillgateFactory.DemoPassword)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("#UserName").FillAsync(user);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("button[type=submit].w-100").ClickAsync();
        // Signed in once the browser has left the login page. Chromium's load event has hung for 30 s in CI after the page had
        // loaded (the network idle), and WaitForURL waits for it when the address already matches, so the address is polled.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/Account/Login"), new() { Timeout = 30_000 });
    }

    public async Task<IPage> NewPageAsync(string locale = "zh-CN", ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            BypassCSP = true,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        Dispose();
    }

    public void Dispose()
    {
        _factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The demo plant, which most browser tests use.</summary>
public sealed class BrowserApp() : DemoBrowserApp("plant")
{
    protected override void Configure(Dictionary<string, string> settings)
    {
        // The demo plant's geofence (Suzhou Industrial Park, 1 km): phone check-ins send their location.
        settings["Skillgate:Training:Geofence:Latitude"] = "31.2990";
        settings["Skillgate:Training:Geofence:Longitude"] = "120.5853";
        settings["Skillgate:Training:Geofence:RadiusMeters"] = "1000";
    }
}

/// <summary>The demo hospital (issue 25).</summary>
public sealed class HospitalBrowserApp() : DemoBrowserApp("hospital");

/// <summary>
/// All browser tests share one seeded app and one Chromium, one test at a time: three apps seeding the demo plant in
/// parallel on a 2-core machine made page loads time out.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}

/// <summary>The hospital's browser tests; collections run one after the other (AssemblyInfo.cs), so the two apps never seed at once.</summary>
[CollectionDefinition(Name)]
public sealed class HospitalBrowserCollection : ICollectionFixture<HospitalBrowserApp>
{
    public const string Name = "hospital-browser";
}
