using FluentAssertions;
using Microsoft.Playwright;
using Npgsql;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>The phone check-in page sends the phone's location when the plant has a geofence: far away is flagged, none is flagged.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GeofenceJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task A_phone_in_Beijing_is_flagged_outside_the_geofence_and_one_that_denies_its_location_is_flagged_no_location()
    {
        var sessionId = await TrainingJourneyTests.DemoSessionAsync(app);
        var organiser = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(organiser, "hr");

        var beijing = await PhoneAsync(new Geolocation { Latitude = 39.9042f, Longitude = 116.4074f, Accuracy = 25 }, ["geolocation"]);
        await CheckInAsync(organiser, sessionId, beijing, "qa");
        (await beijing.GetByTestId("checkin-result").InnerTextAsync()).Should().Contain("签到成功").And.Contain("不在厂区范围");
        await Shots.TakeAsync(beijing, "checkin-outside-geofence");

        var denied = await PhoneAsync(null, []);
        await CheckInAsync(organiser, sessionId, denied, "sales");
        (await denied.GetByTestId("checkin-result").InnerTextAsync()).Should().Contain("签到成功").And.Contain("未提供位置");

        await using var ds = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var cmd = ds.CreateCommand(
            """
            SELECT u.user_name, a.flags, a.latitude, a.location_accuracy FROM training.attendance a JOIN auth.app_user u ON u.employee_id = a.employee_id
            WHERE a.session_id = $1 AND u.user_name IN ('qa', 'sales') ORDER BY u.user_name
            """);
        cmd.Parameters.AddWithValue(sessionId);
        await using var reader = await cmd.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        ((string[])reader["flags"]).Should().Contain("outside_geofence");
        reader.GetDouble(2).Should().BeApproximately(39.9042, 0.001, "the phone's own location was sent");
        reader.GetDouble(3).Should().Be(25);
        (await reader.ReadAsync()).Should().BeTrue();
        ((string[])reader["flags"]).Should().Contain("no_location");
    }

    private async Task<IPage> PhoneAsync(Geolocation? location, string[] permissions)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            Geolocation = location, Permissions = permissions,
        });
        return await context.NewPageAsync();
    }

    private static async Task CheckInAsync(IPage organiser, Guid sessionId, IPage phone, string user)
    {
        await BrowserApp.LoginAsync(phone, user);
        await organiser.GotoAsync($"/Training/Sessions/Qr?id={sessionId}");
        var url = await organiser.GetByTestId("qr-code").GetAttributeAsync("data-url");
        await phone.GotoAsync(url!);
        (await phone.GetByTestId("checkin-location-note").InnerTextAsync()).Should().Contain("手机位置");
        await phone.GetByTestId("checkin-confirm").ClickAsync();
        await phone.GetByTestId("checkin-result").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
    }
}
