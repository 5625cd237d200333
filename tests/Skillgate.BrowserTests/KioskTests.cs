using FluentAssertions;
using Microsoft.Playwright;
using Npgsql;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>The shop-floor kiosk keeps checking people in while offline and syncs exactly once, with the original times.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KioskTests(BrowserApp app)
{
    [Fact]
    public async Task An_offline_kiosk_checks_in_five_people_and_two_replayed_syncs_leave_exactly_five_check_ins_with_the_original_times()
    {
        var admin = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(admin, "admin");
        await admin.GotoAsync("/Training/Kiosks");
        await admin.Locator("#name").FillAsync("焊接车间 签到机 1");
        await admin.Locator("form button[type=submit].btn-primary").ClickAsync();
        var token = await admin.GetByTestId("kiosk-token").Locator("code").InnerTextAsync();

        var (sessionId, badges) = await DemoRosterAsync(5);
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1024, Height = 768 } });
        // The tablet's clock agrees with the server's (the test's fake clock), as a plant's devices do; from there it runs on.
        var serverNow = app.Factory.Clock.GetUtcNow();
        var installed = DateTimeOffset.UtcNow;
        await context.Clock.InstallAsync(new ClockInstallOptions { TimeDate = serverNow.UtcDateTime });
        var kiosk = await context.NewPageAsync();
        await kiosk.GotoAsync("/Training/Kiosk");
        await kiosk.Locator("#kiosk-token").FillAsync(token);
        await kiosk.Locator("#kiosk-setup button").ClickAsync();
        await kiosk.Locator($"#kiosk-session option[value='{sessionId}']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await kiosk.Locator("#kiosk-session").SelectOptionAsync(sessionId.ToString());
        await kiosk.EvaluateAsync("navigator.serviceWorker.ready");

        var startedOffline = serverNow + (DateTimeOffset.UtcNow - installed);
        await context.SetOfflineAsync(true);
        for (var i = 0; i < badges.Count; i++)
        {
            await kiosk.Locator("#kiosk-no").FillAsync(badges[i]);
            await kiosk.GetByTestId("kiosk-check-in").ClickAsync();
            await kiosk.Locator($"#kiosk[data-pending='{i + 1}']").WaitForAsync();
            await Assertions.Expect(kiosk.GetByTestId("kiosk-message")).ToContainTextAsync("签到成功");
        }

        (await KioskCheckInsAsync(sessionId)).Should().BeEmpty("nothing reached the server while offline");
        await kiosk.ReloadAsync();
        (await kiosk.Locator("#kiosk-no").IsVisibleAsync()).Should().BeTrue("the service worker serves the kiosk page offline");
        await Shots.TakeAsync(kiosk, "kiosk-offline");
        var wentOnline = serverNow + (DateTimeOffset.UtcNow - installed);

        await context.SetOfflineAsync(false);
        await kiosk.EvaluateAsync("window.skillgateKiosk.sync()");
        await kiosk.Locator("#kiosk[data-pending='0']").WaitForAsync();
        await kiosk.EvaluateAsync("window.skillgateKiosk.replayAll()");
        await kiosk.EvaluateAsync("window.skillgateKiosk.replayAll()");

        var rows = await KioskCheckInsAsync(sessionId);
        rows.Should().HaveCount(5, "two replayed syncs add nothing");
        rows.Select(r => r.No).Should().BeEquivalentTo(badges);
        rows.Should().OnlyContain(r => r.At >= startedOffline.AddSeconds(-1) && r.At <= wentOnline, "the server keeps the times the kiosk took them");
    }

    private async Task<(Guid Session, List<string> Badges)> DemoRosterAsync(int count)
    {
        await using var ds = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var session = ds.CreateCommand("SELECT id FROM training.session WHERE status = 'scheduled' ORDER BY created_at LIMIT 1");
        var id = (Guid)(await session.ExecuteScalarAsync())!;
        await using var cmd = ds.CreateCommand(
            """
            SELECT e.employee_no FROM training.participant p JOIN org.employee e ON e.id = p.employee_id
            WHERE p.session_id = $1 AND p.status = 'invited' AND NOT EXISTS (SELECT 1 FROM training.attendance a WHERE a.session_id = p.session_id AND a.employee_id = p.employee_id)
            ORDER BY e.employee_no DESC LIMIT $2
            """);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(count);
        var badges = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            badges.Add(reader.GetString(0));
        }

        return (id, badges);
    }

    private async Task<List<(string No, DateTimeOffset At)>> KioskCheckInsAsync(Guid sessionId)
    {
        await using var ds = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var cmd = ds.CreateCommand("SELECT e.employee_no, a.at FROM training.attendance a JOIN org.employee e ON e.id = a.employee_id WHERE a.session_id = $1 AND a.method = 'kiosk'");
        cmd.Parameters.AddWithValue(sessionId);
        var rows = new List<(string, DateTimeOffset)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return rows;
    }
}
