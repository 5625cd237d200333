using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The remaining cheats, through HTTP with a plant geofence configured: a location far away or none at all, one client checking
/// in several people from private tabs, forged and cross-session codes, check-in after it closed, and a kiosk with a wrong clock.
/// </summary>
public sealed class CheckInEvidenceTests : TrainingTestBase, IClassFixture<SkillgateFactory>
{
    public CheckInEvidenceTests(SkillgateFactory factory)
        : base(factory)
    {
        factory.Settings["Skillgate:Training:Geofence:Latitude"] = "31.3000";
        factory.Settings["Skillgate:Training:Geofence:Longitude"] = "120.6000";
        factory.Settings["Skillgate:Training:Geofence:RadiusMeters"] = "500";
    }

    [Fact]
    public async Task Far_away_or_missing_locations_and_one_client_for_several_people_are_flagged()
    {
        var a = await ActorsAsync("CE");
        var course = await ClassroomCourseAsync(a, "CE-CLS", null);
        var third = await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = "CE3001", name = "赵磊", orgUnitId = a.Org.WorkshopA, hireDate = "2022-01-01" });
        var start = App.Clock.GetUtcNow();
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "位置测试", null, start, start.AddHours(2), 10, [], [a.Org.EmployeeA, a.Org.EmployeeB, third])), HttpStatusCode.Created);
        var away = await Phone(a, "CEaway", a.Org.EmployeeA, "phone-a", "390x844x3");
        var silent = await Phone(a, "CEsilent", a.Org.EmployeeB, "phone-b", "412x915x2.6");
        var tab = await Phone(a, "CEtab", third, "private-tab", "412x915x2.6");
        var code = (await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK)).Token;

        (await CheckInAsync(away, new QrCheckInInput(code, 31.3200, 120.6000, null, 15, "390x844x3"))).Flags.Should().Equal(["outside_geofence"], "2.2 km from the plant");
        (await CheckInAsync(silent, new QrCheckInInput(code, null, null, null, null, "412x915x2.6"))).Flags.Should().Equal("no_location");
        (await CheckInAsync(tab, new QrCheckInInput(code, 31.3001, 120.6001, null, 10, "412x915x2.6"))).Flags
            .Should().Equal(["same_client"], "another cookie, but the same address, browser and screen as B's phone a moment ago");
        (await ErrorFieldsAsync(await away.PostAsJsonAsync("/api/v1/check-outs", new QrCheckInInput(code, 91, 0, null, 5, null)))).Should().Equal("latitude");
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}'")).Should().Be(3, "the refused check-out left nothing");
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}' AND location_accuracy = 15")).Should().Be(1, "the accuracy is kept with the location");
    }

    [Fact]
    public async Task Forged_and_cross_session_codes_are_invalid_old_ones_expired_and_check_in_closes_after_the_end()
    {
        var a = await ActorsAsync("CC");
        var course = await ClassroomCourseAsync(a, "CC-CLS", null);
        var start = App.Clock.GetUtcNow();
        var first = await SessionOfTwoAsync(a, course, "第一场", start);
        var second = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "第二场", null, start, start.AddHours(2), 10, [], [])), HttpStatusCode.Created);
        var worker = await Phone(a, "CCworker", a.Org.EmployeeA, "phone-cc", "390x844x3");
        var code = (await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{first.Id}/qr"), HttpStatusCode.OK)).Token;
        var other = (await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{second.Id}/qr"), HttpStatusCode.OK)).Token;
        var crossSession = first.Id.ToString("N") + other[other.IndexOf('.', StringComparison.Ordinal)..];

        (await CodeAsync(await worker.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code[..^4] + "AAAA", 31.3, 120.6)), HttpStatusCode.Conflict)).Should().Be("code_invalid");
        (await CodeAsync(await worker.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(crossSession, 31.3, 120.6)), HttpStatusCode.Conflict))
            .Should().Be("code_invalid", "the second session's signature does not sign the first session's code");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await CodeAsync(await worker.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code, 31.3, 120.6)), HttpStatusCode.Conflict)).Should().Be("code_expired");
        await CheckInAsync(worker, new QrCheckInInput((await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{first.Id}/qr"), HttpStatusCode.OK)).Token, 31.3, 120.6));

        App.Clock.Advance(TimeSpan.FromMinutes(150));
        var late = (await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{first.Id}/qr"), HttpStatusCode.OK)).Token;
        (await CodeAsync(await worker.PostAsJsonAsync("/api/v1/check-outs", new QrCheckInInput(late, 31.3, 120.6)), HttpStatusCode.Conflict))
            .Should().Be("checkin_closed", "31 minutes after the end only the instructor marks");
        var marked = await ReadAsync<CheckInResult>(await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{first.Id}/attendance", new MarkInput(a.Org.EmployeeA, "out", "签退时手机没电")), HttpStatusCode.OK);
        marked.Flags.Should().Equal("outside_window");
    }

    [Fact]
    public async Task A_kiosk_item_with_its_clock_in_the_future_or_before_the_window_is_flagged_device_clock()
    {
        var a = await ActorsAsync("CK");
        var course = await ClassroomCourseAsync(a, "CK-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "签到机时钟", now.AddMinutes(20));
        var created = await ReadAsync<KioskCreated>(await a.Admin.PostAsJsonAsync("/api/v1/kiosks", new KioskInput("时钟测试", null)), HttpStatusCode.Created);
        using var device = App.CreateClient();
        device.DefaultRequestHeaders.Add("X-Kiosk-Token", created.Token);
        KioskCheckIn[] batch =
        [
            new("ck-future-0001", session.Id, "CK1001", "in", now.AddMinutes(25)),
            new("ck-early-00001", session.Id, "CK2001", "in", now.AddMinutes(-20)),
        ];
        (await ReadAsync<KioskSyncResult>(await device.PostAsJsonAsync("/api/v1/kiosk/check-ins", new KioskSyncInput(batch)), HttpStatusCode.OK))
            .Items.Select(i => i.Outcome).Should().Equal("recorded", "recorded");
        var details = await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK);
        details.Participants.Single(p => p.EmployeeNo == "CK1001").Flags.Should().Contain("device_clock", "taken 25 minutes in the future");
        details.Participants.Single(p => p.EmployeeNo == "CK2001").Flags.Should().Contain("device_clock", "taken 40 minutes before the start, before check-in opened");

        App.Clock.Advance(TimeSpan.FromMinutes(150));
        (await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK)).Should().Be(new CloseResult(0, 0, 2), "nobody checked out");
        (await ReadAsync<KioskSyncResult>(await device.PostAsJsonAsync("/api/v1/kiosk/check-ins",
            new KioskSyncInput([new("ck-out-a-0001", session.Id, "CK1001", "out", session.EndsAt.AddMinutes(-5))])), HttpStatusCode.OK)).Items.Single().Outcome.Should().Be("recorded");
        (await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK)).Participants.Single(p => p.EmployeeNo == "CK1001")
            .Should().Match<ParticipantDto>(p => p.Result == "pending_review" && p.ResultReasons!.Contains("review:device_clock") && p.ResultReasons!.Contains("review:late_sync"),
                "the check-out the kiosk kept offline arrives after the close and the person is decided again, waiting for review of its flags");
    }

    [Fact]
    public async Task A_signed_paper_sheet_records_the_ticked_people_as_paper_sheet_and_they_complete_when_the_session_closes()
    {
        var a = await ActorsAsync("CP");
        var course = await ClassroomCourseAsync(a, "CP-CLS", null);
        var session = await SessionOfTwoAsync(a, course, "纸质签到", App.Clock.GetUtcNow());
        var sheet = File.ReadAllBytes(Path.Combine(PlatformTests.RepoRoot(), "tests", "Skillgate.Tests", "Photos", "coffee_cup.png"));
        MultipartFormDataContent Form(params Guid[] people)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(sheet), "file", "sheet.png" } };
            foreach (var person in people)
            {
                form.Add(new StringContent(person.ToString()), "employeeIds");
            }

            return form;
        }

        (await ErrorFieldsAsync(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/paper-sheets", Form()))).Should().Equal("employeeIds");
        (await ErrorFieldsAsync(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/paper-sheets", Form(a.Org.EmployeeA, Guid.NewGuid())))).Should().Equal("employeeIds");
        var worker = await EmployeeUserAsync(a, "CPworker", a.Org.EmployeeA);
        (await worker.PostAsync($"/api/v1/sessions/{session.Id}/paper-sheets", Form(a.Org.EmployeeA))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CountAsync($"training.paper_sheet WHERE session_id = '{session.Id}'")).Should().Be(0, "refused sheets leave nothing");

        var added = await ReadAsync<PaperSheetDto>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/paper-sheets", Form(a.Org.EmployeeA)), HttpStatusCode.Created);
        added.People.Should().Be(1);
        var participant = (await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK)).Participants.Single(p => p.EmployeeNo == "CP1001");
        participant.Should().Match<ParticipantDto>(p => p.CheckInMethod == "paper" && p.CheckedInAt == session.StartsAt && p.CheckedOutAt == session.EndsAt && p.Flags.Contains("paper_sheet"));
        (await CountAsync($"training.attendance WHERE paper_sheet_id = '{added.Id}'")).Should().Be(2);
        (await a.Hr.GetStringAsync($"/Training/Sessions/Details?id={session.Id}")).Should().Contain("paper sheet");

        App.Clock.Advance(TimeSpan.FromHours(2));
        (await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK))
            .Should().Be(new CloseResult(1, 0, 1), "a paper sheet is informational by default; B signed nothing");
    }

    private async Task<HttpClient> Phone(Actors a, string user, Guid employee, string device, string screen)
    {
        var client = await EmployeeUserAsync(a, user, employee);
        client.DefaultRequestHeaders.Add("X-Device-Id", device);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36 " + screen);
        return client;
    }

    private static async Task<CheckInResult> CheckInAsync(HttpClient phone, QrCheckInInput input) =>
        await ReadAsync<CheckInResult>(await phone.PostAsJsonAsync("/api/v1/check-ins", input), HttpStatusCode.OK);
}
