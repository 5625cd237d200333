using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The credits year with a fake clock (issue 25): last year's credits carry a nurse to 31 December; the daily job turns her
/// standing to expiring 30 days before and reminds her at 30, 7 and 0 days, once each; in January, short both years, the gate
/// refuses her and names the shortfall.
/// </summary>
public sealed class CreditsYearEndTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task Last_years_credits_carry_a_nurse_to_the_years_end_with_reminders_and_in_january_the_gate_refuses_her()
    {
        var a = await ActorsAsync("CY");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "credits", minCredits = 10 })).EnsureSuccessStatusCode();
        var scan = await PostFileAsync(a.Hr, new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "证书.pdf" } });
        var credit = await ReadAsync<ExternalCreditDto>(await a.Hr.PostAsJsonAsync("/api/v1/credits/external",
            new ExternalCreditInput(a.Org.EmployeeA, "省级继续教育项目", null, "class_2", 12m, new DateOnly(2025, 6, 1), scan)), HttpStatusCode.Created);
        (await a.Hr.PostAsJsonAsync($"/api/v1/credits/external/{credit.Id}/decision", new ExternalCreditDecision("approve", null))).EnsureSuccessStatusCode();
        var nurse = await App.CreateUserAsync(a.Admin, "CYnurse", ["Employee"], scopeAll: false, employeeId: a.Org.EmployeeA);

        (await DayAsync(a, "2026-11-25")).Should().Be("qualified");
        (await NotificationsAsync(nurse)).Should().Be(0);
        (await DayAsync(a, "2026-12-02")).Should().Be("expiring", "the year ends within 30 days and this year's credits are short");
        (await NotificationsAsync(nurse)).Should().Be(1);
        (await DayAsync(a, "2026-12-03")).Should().Be("expiring");
        (await NotificationsAsync(nurse)).Should().Be(1, "each reminder goes out once");
        (await DayAsync(a, "2026-12-25")).Should().Be("expiring");
        (await NotificationsAsync(nurse)).Should().Be(2);
        (await DayAsync(a, "2026-12-31")).Should().Be("expiring");
        (await NotificationsAsync(nurse)).Should().Be(3);
        await using (var ds = App.OpenDataSource())
        {
            await using var titles = ds.CreateCommand("SELECT count(*) FROM platform.notification WHERE user_id = $1 AND title LIKE '%2026-12-31%'");
            titles.Parameters.AddWithValue(nurse);
            ((long)(await titles.ExecuteScalarAsync())!).Should().BeGreaterThanOrEqualTo(2, "the reminders name the year's last day");
        }


        (await DayAsync(a, "2027-01-02")).Should().Be("not_trained", "short in 2026 and in 2027");
        var hr = await App.SignInAsync("CYhr", Password);
        var check = await ReadAsync<GateResult>(await hr.GetAsync($"/api/v1/qualification-check?employee={a.Org.EmployeeA}&position={a.Org.PositionA}"), HttpStatusCode.OK);
        check.Qualified.Should().BeFalse();
        check.Unmet.Single().Shortfall.Should().Be("0 credits this year, 10 short");
    }

    private async Task<string> DayAsync(Actors a, string date)
    {
        App.Clock.Advance(DateTimeOffset.Parse(date + "T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture) - App.Clock.GetUtcNow());
        var admin = await App.SignInAsync("admin", SkillgateFactory.AdminPassword);
        (await admin.PostAsync("/api/v1/jobs/qualification-daily", null)).EnsureSuccessStatusCode();
        return (await Status(await App.SignInAsync("CYhr", Password), a.Org.EmployeeA)).GetProperty("status").GetString()!;
    }
}
