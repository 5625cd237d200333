using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Skillgate.Platform.Web;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>
/// The first page after sign-in on the demo plant: the welder's phone shows what is due and why, the next session's check-in
/// button and the qualification about to run out (<see cref="WelderHomeAsync"/>, read by the learning journey); the director's
/// cockpit has every chart the modules add, with data, and each chart's list opens.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HomeJourneyTests(BrowserApp app)
{
    /// <summary>
    /// The demo welder's home on their phone: the course due with its reason, the next session's check-in button and the
    /// qualification about to run out. The learning journey reads it first, before its exam completes the course that is due.
    /// </summary>
    internal static async Task WelderHomeAsync(IPage phone)
    {
        await phone.GotoAsync("/");
        var due = phone.GetByTestId("tile-learning-due");
        (await due.InnerTextAsync()).Should().Contain("WI-WELD-01");
        (await due.GetByTestId("due-reason").First.InnerTextAsync()).Should().Contain("WI-WELD-01 v2.0").And.Contain("逾期");
        var button = phone.GetByTestId("tile-next-session").GetByTestId("checkin-button");
        (await button.IsVisibleAsync()).Should().BeTrue("the demo session's check-in window is open");
        var expiring = phone.GetByTestId("tile-my-qualifications").Locator("[data-status=expiring]");
        (await expiring.CountAsync()).Should().BeGreaterThan(0);
        (await expiring.First.InnerTextAsync()).Should().Contain("SOP-SAFE-01").And.Contain("即将到期");
        (await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue("nothing runs off the phone's screen");
        await Shots.TakeAsync(phone, "home-worker-phone");

        await button.ClickAsync();
        await phone.WaitForURLAsync("**/Training/Scan");
    }

    [Fact]
    public async Task The_demo_directors_cockpit_shows_every_panel_with_data_and_each_drill_down_opens_its_list()
    {
        var page = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(page, "director");
        await page.GotoAsync("/");
        await page.GetByTestId("open-cockpit").ClickAsync();
        await page.WaitForURLAsync("**/Cockpit");
        await page.Locator("[data-chart] svg, [data-chart] canvas").First.WaitForAsync();

        var keys = app.Factory.Services.GetServices<CockpitPanel>().Select(p => p.Key).ToList();
        keys.Should().HaveCountGreaterThanOrEqualTo(7);
        (await page.GetByTestId("panel-empty").CountAsync()).Should().Be(0, "every panel has data in the demo");
        var drills = new List<(string Key, string Url)>();
        foreach (var key in keys)
        {
            var panel = page.GetByTestId($"panel-{key}");
            (await panel.CountAsync()).Should().Be(1, $"the {key} panel shows");
            (await panel.GetByTestId($"headline-{key}").InnerTextAsync()).Should().MatchRegex(@"\d", $"the {key} headline has its figure");
            (await panel.Locator("[data-chart] svg, [data-chart] canvas").CountAsync()).Should().BeGreaterThan(0, $"the {key} chart is drawn");
            drills.Add((key, (await panel.GetByTestId($"drill-{key}").GetAttributeAsync("href"))!));
        }

        (await page.Locator("main").InnerTextAsync()).Should().NotMatchRegex(@"\bcockpit\.[a-z_]+\b", "no text key shows");
        await Shots.TakeAsync(page, "cockpit-director-zh");

        foreach (var (key, url) in drills)
        {
            var response = await page.GotoAsync(url);
            response!.Status.Should().Be(200, $"the {key} drill-down {url} opens");
            page.Url.Should().NotContain("/Account/", $"the director may read the {key} list");
            (await page.Locator("main h1").CountAsync()).Should().BeGreaterThan(0, $"{url} is a page with its heading");
        }
    }
}
