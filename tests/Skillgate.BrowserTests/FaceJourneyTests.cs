using FluentAssertions;
using Microsoft.Playwright;
using Npgsql;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>
/// Face check-in in Chromium with a camera that films a real portrait: Human's models run in the page, the employee enrols with
/// consent and then checks in on the phone by face.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FaceJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task An_employee_enrols_their_face_with_consent_and_checks_in_by_face_on_the_phone()
    {
        var phone = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await BrowserApp.LoginAsync(phone, "production");
        await phone.GotoAsync("/Training/Face");
        (await phone.GetByTestId("face-status").InnerTextAsync()).Should().Contain("尚未录入");
        await phone.GetByTestId("face-start").ClickAsync();
        (await phone.Locator("video[hidden]").CountAsync()).Should().Be(1, "without consent the camera does not start");
        await phone.Locator("#consent").CheckAsync();
        await phone.GetByTestId("face-start").ClickAsync();
        await phone.GetByTestId("face-delete").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        (await phone.GetByTestId("face-status").InnerTextAsync()).Should().Contain("已录入");
        await Shots.TakeAsync(phone, "face-enrolled");

        var sessionId = await TrainingJourneyTests.DemoSessionAsync(app);
        var organiser = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(organiser, "hr");
        await organiser.GotoAsync($"/Training/Sessions/Qr?id={sessionId}");
        var url = await organiser.GetByTestId("qr-code").GetAttributeAsync("data-url");
        await phone.GotoAsync(url!);
        await phone.GetByTestId("face-start").ClickAsync();
        var result = phone.GetByTestId("checkin-result");
        await result.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        (await result.InnerTextAsync()).Should().Contain("签到成功");
        await Shots.TakeAsync(phone, "checkin-face");

        await using var ds = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var cmd = ds.CreateCommand(
            "SELECT a.method FROM training.attendance a JOIN auth.app_user u ON u.employee_id = a.employee_id WHERE u.user_name = 'production' AND a.session_id = @s");
        cmd.Parameters.AddWithValue("s", sessionId);
        ((string?)await cmd.ExecuteScalarAsync()).Should().Be("qr_face");
    }
}
