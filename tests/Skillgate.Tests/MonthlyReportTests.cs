using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Notifications;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The monthly department training report: a PDF of a unit's month anyone who reads training can download, and on the plant's
/// first working day an e-mail with last month's to each department head — through a real SMTP server, once, in their language,
/// unless they turned it off.
/// </summary>
public sealed class MonthlyReportTests(MailFactory app) : TrainingTestBase(app), IClassFixture<MailFactory>
{
    private readonly MailFactory _mail = app;

    [Fact]
    public async Task On_the_first_working_day_each_head_gets_last_months_report_by_mail_once_in_their_language_unless_they_turned_it_off()
    {
        var a = await ActorsAsync("MR");
        var course = await ClassroomCourseAsync(a, "MR-CLS", null);
        var session = await SessionOfTwoAsync(a, course, "月报测试课", App.Clock.GetUtcNow().AddHours(1));
        App.Clock.Advance(TimeSpan.FromMinutes(70));
        (await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/attendance", new MarkInput(a.Org.EmployeeA, "in", "现场确认"))).EnsureSuccessStatusCode();

        var headA = await HeadAsync("MRheadA", a.Org.WorkshopA, "heada@plant.test", monthly: true);
        var headB = await HeadAsync("MRheadB", a.Org.WorkshopB, "headb@plant.test", monthly: true);
        var quiet = await HeadAsync("MRquiet", a.Org.WorkshopA, "quiet@plant.test", monthly: false);
        (await quiet.GetFromJsonAsync<JsonElement>("/api/v1/me/notification-preferences")).GetProperty("monthlyReport").GetBoolean().Should().BeFalse();
        await using (var ds = App.OpenDataSource())
        {
            await using var english = ds.CreateCommand("UPDATE auth.app_user SET language = 'en' WHERE user_name = 'MRheadB'");
            await english.ExecuteNonQueryAsync();
        }

        // Saturday 21 November is not the first working day of anything.
        (await RunAsync()).Should().Be(0);

        // Tuesday 1 December is December's first working day in the plant's calendar: last month's reports go out, once.
        App.Clock.Advance(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero) - App.Clock.GetUtcNow());
        (await RunAsync()).Should().Be(2, "two heads take the report; the third turned it off");
        (await RunAsync()).Should().Be(0, "today's reports went out already");
        await DrainAsync();
        (await DrainAsync()).Should().Be(0, "each went on the first try");
        var mails = _mail.Smtp.Files().Select(f => MimeMessage.Load(f)).Where(m => m.To.ToString().Contains("@plant.test", StringComparison.Ordinal)).ToList();
        mails.Select(m => m.To.ToString()).Should().BeEquivalentTo(["heada@plant.test", "headb@plant.test"], "once per head, none for the one who turned it off");

        var forA = mails.Single(m => m.To.ToString() == "heada@plant.test");
        forA.Subject.Should().Be("2026-11 月度培训报告");
        var pdfA = await PdfText.FlatAsync(Attachment(forA));
        pdfA.Should().Contain("月度培训报告").And.Contain("2026-11").And.Contain("焊接车间").And.Contain("培训参与").And.Contain("签到率100%")
            .And.Contain("资质覆盖与逾期").And.Contain("积分").And.NotContain("总装车间");
        var forB = mails.Single(m => m.To.ToString() == "headb@plant.test");
        forB.Subject.Should().Be("Monthly training report 2026-11");
        var pdfB = await PdfText.ExtractAsync(Attachment(forB));
        pdfB.Should().Contain("Monthly training report").And.Contain("总装车间").And.Contain("Check-in rate").And.Contain("0%");

        // On the next day nothing goes out, and a late run on the first day sends nothing twice.
        App.Clock.Advance(TimeSpan.FromDays(1));
        (await RunAsync()).Should().Be(0);

        // The same report on demand: HR downloads any unit's month; a head only their own; bad months are refused. (Ten days on, everyone signs in again.)
        var hr = await App.SignInAsync("MRhr", Password);
        headA = await App.SignInAsync("MRheadA", Password);
        headB = await App.SignInAsync("MRheadB", Password);
        var pdf = await hr.GetAsync($"/api/v1/training/reports/monthly?orgUnitId={a.Org.WorkshopA}&month=2026-11");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        (await hr.GetAsync($"/api/v1/training/reports/monthly?orgUnitId={a.Org.WorkshopA}&month=2027-05")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await hr.GetAsync($"/api/v1/training/reports/monthly?orgUnitId={a.Org.WorkshopA}&month=eleven")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await headB.GetAsync($"/api/v1/training/reports/monthly?orgUnitId={a.Org.WorkshopA}&month=2026-11")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await headA.GetAsync($"/api/v1/training/reports/monthly?orgUnitId={a.Org.WorkshopA}&month=2026-11")).StatusCode.Should().Be(HttpStatusCode.OK);
        await App.CreateUserAsync(await App.SignInAsync("admin", SkillgateFactory.AdminPassword), "MRworker", ["Employee"], scopeAll: false, employeeId: a.Org.EmployeeB);
        var worker = await App.SignInAsync("MRworker", Password);
        (await worker.GetAsync($"/api/v1/training/reports/monthly?orgUnitId={a.Org.WorkshopB}&month=2026-11")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var hrZh = await App.SignInAsync("MRhr", Password, "zh-CN");
        (await hrZh.GetStringAsync("/Training/Reports")).Should().Contain("data-testid=\"monthly-report\"").And.Contain("2026-11");
    }

    private async Task<HttpClient> HeadAsync(string userName, Guid unit, string email, bool monthly)
    {
        var admin = await App.SignInAsync("admin", SkillgateFactory.AdminPassword);
        await App.CreateUserAsync(admin, userName, ["DepartmentHead"], scopeAll: false, scope: [unit]);
        var head = await App.SignInAsync(userName, Password, "zh-CN");
        (await head.PutAsJsonAsync("/api/v1/me/notification-preferences", new { email, byEmail = true, dailyDigest = false, monthlyReport = monthly })).EnsureSuccessStatusCode();
        return head;
    }

    private async Task<int> RunAsync()
    {
        var admin = await App.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var response = await admin.PostAsync("/api/v1/jobs/monthly-report", null);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32();
    }

    private Task<int> DrainAsync() => _mail.Services.GetRequiredService<DeliveryWorker>().RunOnceAsync(CancellationToken.None);

    private static byte[] Attachment(MimeMessage message)
    {
        var part = message.Attachments.OfType<MimePart>().Should().ContainSingle().Subject;
        part.ContentType.MimeType.Should().Be("application/pdf");
        using var buffer = new MemoryStream();
        part.Content!.DecodeTo(buffer);
        return buffer.ToArray();
    }
}
