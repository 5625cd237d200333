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
/// Continuing-education credits (issue 25): a post requires credits per calendar year; a nurse short of them is refused by the
/// gate and shown on the matrix with the shortfall; her external credit counts only once HR approves it, and then clears both;
/// last year's credits carry a person to the year's end; bad input and other roles change nothing.
/// </summary>
public sealed class CreditsTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_nurse_short_of_the_years_credits_is_refused_and_shown_short_until_an_approved_external_credit_clears_it()
    {
        var a = await ActorsAsync("CR");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/requirements",
                new { positionId = a.Org.PositionA, kind = "credits", minCredits = 0, creditCategory = "class_9", validityMonths = 12 })))
            .Should().BeEquivalentTo(["minCredits", "creditCategory", "validityMonths"]);
        (await CountAsync($"competence.requirement WHERE position_id = '{a.Org.PositionA}'")).Should().Be(0);
        var requirement = await ReadAsync<JsonElement>(
            await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "credits", minCredits = 10 }), HttpStatusCode.OK);
        requirement.GetProperty("label").GetString().Should().Be("Continuing-education credits ≥ 10 a year");
        var requirementId = requirement.GetProperty("id").GetGuid();

        var check = await CheckAsync(a, a.Org.EmployeeA);
        check.Qualified.Should().BeFalse();
        check.Unmet.Single().Shortfall.Should().Be("0 credits this year, 10 short");
        (await CellAsync(a, a.Org.EmployeeA, requirementId)).Shortfall.Should().Be("0 credits this year, 10 short", "the matrix shows the year's shortfall");

        var nurse = await EmployeeUserAsync(a, "CRnurse", a.Org.EmployeeA);
        (await ErrorFieldsAsync(await nurse.PostAsync("/api/v1/credits/me/external", Form("", "class_9", "0.05", "2027-01-01", Pdf))))
            .Should().BeEquivalentTo(["title", "category", "credits", "earnedOn"]);
        (await ErrorFieldsAsync(await nurse.PostAsync("/api/v1/credits/me/external", Form("会议", "class_2", "2", "2026-10-15", "not a pdf"u8.ToArray()))))
            .Should().BeEquivalentTo(["file"], "the certificate is checked by its content");
        (await CountAsync("learning.external_credit")).Should().Be(0, "bad input stores nothing");
        var recorded = await ReadAsync<ExternalCreditDto>(
            await nurse.PostAsync("/api/v1/credits/me/external", Form("全国护理学术年会", "class_1_national", "10", "2026-10-15", Pdf, "中华护理学会")), HttpStatusCode.Created);
        recorded.Status.Should().Be("submitted");
        (await CheckAsync(a, a.Org.EmployeeA)).Qualified.Should().BeFalse("a credit counts only once it is approved");

        (await nurse.GetAsync("/api/v1/credits/external")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the queue is HR's");
        (await nurse.PostAsJsonAsync($"/api/v1/credits/external/{recorded.Id}/decision", new ExternalCreditDecision("approve", null))).StatusCode
            .Should().Be(HttpStatusCode.Forbidden, "nobody approves their own credit");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync($"/api/v1/credits/external/{recorded.Id}/decision", new ExternalCreditDecision("reject", null))))
            .Should().BeEquivalentTo(["note"]);
        var queue = await ReadAsync<JsonElement>(await a.Hr.GetAsync("/api/v1/credits/external?status=submitted"), HttpStatusCode.OK);
        queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Contain(recorded.Id);

        var approved = await ReadAsync<ExternalCreditDto>(
            await a.Hr.PostAsJsonAsync($"/api/v1/credits/external/{recorded.Id}/decision", new ExternalCreditDecision("approve", "证书核实")), HttpStatusCode.OK);
        approved.Status.Should().Be("approved");
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/credits/external/{recorded.Id}/decision", new ExternalCreditDecision("reject", "重复")), HttpStatusCode.Conflict))
            .Should().Be("credits_decided");

        var cleared = await CheckAsync(a, a.Org.EmployeeA);
        cleared.Qualified.Should().BeTrue("the approved credit meets the year's requirement");
        var cell = await CellAsync(a, a.Org.EmployeeA, requirementId);
        cell.Status.Should().Be("qualified");
        cell.Shortfall.Should().BeNull();
        var year = await ReadAsync<CreditYearDto>(await nurse.GetAsync("/api/v1/credits/me?year=2026"), HttpStatusCode.OK);
        year.Total.Should().Be(10m);
        year.ByCategory.Single(c => c.Category == "class_1_national").Credits.Should().Be(10m);
        (await CountAsync($"audit.event WHERE entity_type = 'external_credit' AND entity_id = '{recorded.Id}'")).Should().Be(2, "recording and the decision are audited");

        // Last year's credits carry a person to this year's end: qualified until 31 December, with this year's shortfall shown.
        var colleague = await EmployeeUserAsync(a, "CRnurse2", a.Org.EmployeeB);
        var scan = await PostFileAsync(a.Hr, new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "省级证书.pdf" } });
        var lastYear = await ReadAsync<ExternalCreditDto>(await a.Hr.PostAsJsonAsync("/api/v1/credits/external",
            new ExternalCreditInput(a.Org.EmployeeB, "省级继续教育项目", null, "class_1_provincial", 12m, new DateOnly(2025, 6, 1), scan)), HttpStatusCode.Created);
        (await colleague.PostAsJsonAsync("/api/v1/credits/external",
                new ExternalCreditInput(a.Org.EmployeeA, "代登记", null, "class_2", 1m, new DateOnly(2026, 1, 5), scan))).StatusCode
            .Should().Be(HttpStatusCode.Forbidden, "only HR records a credit for someone else");
        (await a.Hr.PostAsJsonAsync($"/api/v1/credits/external/{lastYear.Id}/decision", new ExternalCreditDecision("approve", null))).EnsureSuccessStatusCode();
        var carried = await CheckAsync(a, a.Org.EmployeeB);
        carried.Qualified.Should().BeTrue("last year's 12 credits met the requirement");
        (await a.Hr.PostAsJsonAsync($"/api/v1/positions/{a.Org.PositionA}/assign", new AssignPositionInput(a.Org.EmployeeB, new DateOnly(2026, 11, 21)))).StatusCode
            .Should().Be(HttpStatusCode.NoContent);
        var carriedCell = await CellAsync(a, a.Org.EmployeeB, requirementId);
        carriedCell.ValidUntil.Should().Be(new DateOnly(2026, 12, 31));
        carriedCell.Shortfall.Should().Be("0 credits this year, 10 short");
    }

    [Fact]
    public async Task A_course_carries_credits_only_with_their_category_and_bad_credits_are_refused()
    {
        var a = await ActorsAsync("CC");
        (await ErrorFieldsAsync(await a.Author.PostAsJsonAsync("/api/v1/courses",
                new CourseInput("CC-1", "静脉治疗护理规范", "online", 2, null, null, 10, 0m, Credits: 0.05m, CreditCategory: null))))
            .Should().BeEquivalentTo(["credits", "creditCategory"]);
        (await CountAsync("learning.course WHERE code = 'CC-1'")).Should().Be(0);
        var course = await ReadAsync<CourseDto>(await a.Author.PostAsJsonAsync("/api/v1/courses",
            new CourseInput("CC-1", "静脉治疗护理规范", "online", 2, null, null, 10, 0m, Credits: 2.5m, CreditCategory: "class_2")), HttpStatusCode.Created);
        course.Credits.Should().Be(2.5m);
        course.CreditCategory.Should().Be("class_2");
        var zh = await App.SignInAsync("CCqa1", Password, "zh-CN");
        (await zh.GetStringAsync($"/Learning/Courses/Details?id={course.Id}")).Should().Contain("继续教育 2.5 学分（II 类）");
    }

    private static MultipartFormDataContent Form(string title, string category, string credits, string earnedOn, byte[] certificate, string? provider = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(title), "title" }, { new StringContent(category), "category" }, { new StringContent(credits), "credits" },
            { new StringContent(earnedOn), "earnedOn" }, { new ByteArrayContent(certificate), "certificate", "证书.pdf" },
        };
        if (provider is not null)
        {
            form.Add(new StringContent(provider), "provider");
        }

        return form;
    }

    private static async Task<GateResult> CheckAsync(Actors a, Guid employee) =>
        await ReadAsync<GateResult>(await a.Hr.GetAsync($"/api/v1/qualification-check?employee={employee}&position={a.Org.PositionA}"), HttpStatusCode.OK);

    private static async Task<MatrixCell> CellAsync(Actors a, Guid employee, Guid requirement)
    {
        var matrix = await ReadAsync<Matrix>(await a.Hr.GetAsync($"/api/v1/matrix?orgUnitId={a.Org.Group}"), HttpStatusCode.OK);
        return matrix.Rows.Single(r => r.EmployeeId == employee).Cells[requirement];
    }
}
