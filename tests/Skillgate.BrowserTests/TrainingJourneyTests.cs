using FluentAssertions;
using Microsoft.Playwright;
using Npgsql;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>The rotating check-in code: shown on the session screen, scanned by a phone, useless a minute later.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TrainingJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task An_employee_checks_in_with_the_current_code_and_a_code_captured_a_minute_earlier_is_refused()
    {
        var sessionId = await DemoSessionAsync(app);
        var organiser = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(organiser, "hr");
        await organiser.GotoAsync($"/Training/Sessions/Qr?id={sessionId}");
        var url = await organiser.GetByTestId("qr-code").GetAttributeAsync("data-url");
        (await organiser.Locator("[data-testid=qr-code] svg").CountAsync()).Should().Be(1);
        await Shots.TakeAsync(organiser, "session-qr");

        var phone = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await BrowserApp.LoginAsync(phone, "employee");
        await phone.GotoAsync(url!);
        await phone.GetByTestId("checkin-confirm").ClickAsync();
        (await phone.GetByTestId("checkin-result").InnerTextAsync()).Should().Contain("签到成功");
        await Shots.TakeAsync(phone, "checkin-phone");

        app.Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var late = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await BrowserApp.LoginAsync(late, "weldhead");
        await late.GotoAsync(url!);
        await late.GetByTestId("checkin-confirm").ClickAsync();
        (await late.Locator(".alert-danger").InnerTextAsync()).Should().Contain("签到码已过期");
        (await late.GetByTestId("checkin-result").CountAsync()).Should().Be(0);

        await organiser.ReloadAsync();
        var fresh = await organiser.GetByTestId("qr-code").GetAttributeAsync("data-url");
        fresh.Should().NotBe(url, "the screen shows a new code");
        await late.GotoAsync(fresh!);
        await late.GetByTestId("checkin-confirm").ClickAsync();
        (await late.GetByTestId("checkin-result").InnerTextAsync()).Should().Contain("签到成功").And.Contain("不在名单中");
    }

    internal static async Task<Guid> DemoSessionAsync(BrowserApp app)
    {
        await using var ds = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var cmd = ds.CreateCommand("SELECT id FROM training.session WHERE status = 'scheduled' ORDER BY created_at LIMIT 1");
        return (Guid)(await cmd.ExecuteScalarAsync())!;
    }
}
