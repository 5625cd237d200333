using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The home page as each person lands on it: a worker sees their own tiles — what is due by deadline, their qualifications with
/// the ones not in order first, their points and their unread notifications — in their language; the organisation counts
/// stay for those who read the organisation.
/// </summary>
public sealed class HomeTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_workers_home_shows_what_is_due_their_qualifications_points_and_unread_notices()
    {
        var a = await ActorsAsync("HM");
        var worker = await EmployeeUserAsync(a, "HMworker", a.Org.EmployeeA);
        var empty = await worker.GetStringAsync("/");
        empty.Should().Contain("data-testid=\"due-empty\"").And.Contain("data-testid=\"qualifications-empty\"").And.Contain("data-testid=\"inbox-empty\"");

        var later = await CreateCourseAsync(a.Author, "HM-LATER", "焊接安全复训");
        var sooner = await CreateCourseAsync(a.Author, "HM-SOON", "WI-WELD-01 v3.0 作业指导书培训");
        await PublishAsync(a, later.Id);
        await PublishAsync(a, sooner.Id);
        (await a.Hr.PostAsJsonAsync($"/api/v1/courses/{later.Id}/enrollments", new EnrollInput([a.Org.EmployeeA], new DateOnly(2027, 1, 31)))).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync($"/api/v1/courses/{sooner.Id}/enrollments", new EnrollInput([a.Org.EmployeeA], new DateOnly(2026, 12, 20)))).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "points", minPoints = 30 })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 10, "growth", "补录"))).EnsureSuccessStatusCode();

        var zh = await App.SignInAsync("HMworker", Password, "zh-CN");
        var home = await zh.GetStringAsync("/");
        var due = Between(home, "data-testid=\"tile-learning-due\"", "</section>");
        due.Should().Contain("WI-WELD-01 v3.0 作业指导书培训").And.Contain("2026-12-20 前").And.Contain("焊接安全复训");
        due.IndexOf("WI-WELD-01", StringComparison.Ordinal).Should().BeLessThan(due.IndexOf("焊接安全复训", StringComparison.Ordinal), "the sooner deadline comes first");
        Between(home, "data-testid=\"tile-my-qualifications\"", "</section>").Should().Contain("≥ 30").And.Contain("未培训");
        Between(home, "data-testid=\"tile-my-points\"", "</section>").Should().Contain("data-testid=\"tile-balance\">10<");
        Between(home, "data-testid=\"tile-inbox\"", "</section>").Should().Contain("条未读");
        home.Should().NotContain("home.tile", "no text key shows");

        home.Should().NotContain("tile-team-gaps", "a worker has no team tile");
        var classroom = await ClassroomCourseAsync(a, "HM-CLS", null);
        await SessionOfTwoAsync(a, classroom, "本周焊接安全课", App.Clock.GetUtcNow().AddHours(2));
        var hrHome = await a.Hr.GetStringAsync("/");
        hrHome.Should().Contain("/Organization/OrgUnits", "the organisation counts stay for its readers");
        Between(hrHome, "data-testid=\"tile-training-week\"", "</section>").Should().Contain("本周焊接安全课").And.Contain("0/2 checked in").And.Contain("Check-in anomalies to review: 0");

        // The worker's next session: its check-in button appears half an hour before it starts and opens the scanner.
        var next = Between(await zh.GetStringAsync("/"), "data-testid=\"tile-next-session\"", "</section>");
        next.Should().Contain("本周焊接安全课").And.Contain("data-testid=\"checkin-later\"").And.NotContain("checkin-button");
        App.Clock.Advance(TimeSpan.FromMinutes(95));
        next = Between(await zh.GetStringAsync("/"), "data-testid=\"tile-next-session\"", "</section>");
        next.Should().Contain("data-testid=\"checkin-button\"").And.Contain("/Training/Scan");
        (await zh.GetStringAsync("/Training/Scan")).Should().Contain("扫码签到").And.Contain("data-testid=\"scan-fallback\"");

        // The head of workshop A sees who there lacks a requirement of their post today, and why.
        await App.CreateUserAsync(a.Admin, "HMhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var head = await App.SignInAsync("HMhead", Password, "zh-CN");
        var team = Between(await head.GetStringAsync("/"), "data-testid=\"tile-team-gaps\"", "</section>");
        team.Should().Contain("HM1001").And.Contain("未培训").And.Contain("1 人有未满足的上岗要求").And.NotContain("HM2001");
    }

    [Fact]
    public async Task HR_sees_coverage_needs_and_budget_and_QA_sees_versions_waiting_checks_and_workflows_each_opening_its_list()
    {
        var a = await ActorsAsync("HQ");
        var hrZh = await App.SignInAsync("HQhr", Password, "zh-CN");
        var hrEmpty = await hrZh.GetStringAsync("/");
        hrEmpty.Should().Contain("data-testid=\"tile-coverage\"").And.Contain("data-testid=\"tile-needs-waiting\"").And.Contain("data-testid=\"tile-plan-budget\"")
            .And.Contain("data-testid=\"budget-empty\"").And.NotContain("tile-standards-release", "QA's tiles are QA's");

        var sop = await CreateDocumentAsync(a, "HQ-SOP", "焊接安全规程");
        await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/plans", new PlanInput("焊接车间 2026 Q4", "quarter", new DateOnly(2026, 10, 1), a.Org.WorkshopA, 10_000))).StatusCode.Should().Be(HttpStatusCode.Created);
        var hr = await hrZh.GetStringAsync("/");
        var coverage = Between(hr, "data-testid=\"tile-coverage\"", "</section>");
        coverage.Should().Contain("data-testid=\"coverage-share\">0%<").And.Contain("/Competence/Matrix?orgUnitId=" + a.Org.WorkshopA);
        Between(hr, "data-testid=\"tile-plan-budget\"", "</section>").Should().Contain("2026 年计划费用 ¥0 / 预算 ¥10,000").And.Contain("/Training/Plans");
        Between(hr, "data-testid=\"tile-needs-waiting\"", "</section>").Should().Contain("data-testid=\"needs-empty\"");
        hr.Should().NotContain("home.tile");
        (await hrZh.GetAsync($"/Competence/Matrix?orgUnitId={a.Org.WorkshopA}")).StatusCode.Should().Be(HttpStatusCode.OK, "the drill-down opens");

        // QA: a revision waiting for release, the people to retrain on a major revision, and the empty states of checks and workflows.
        await CreateVersionAsync(a, sop, "minor", 30);
        await App.CreateUserAsync(a.Admin, "HQqa", ["QA"], scopeAll: true);
        var qa = await App.SignInAsync("HQqa", Password, "zh-CN");
        var qaHome = await qa.GetStringAsync("/");
        var release = Between(qaHome, "data-testid=\"tile-standards-release\"", "</section>");
        release.Should().Contain("待审核或待发布的版本：1").And.Contain("HQ-SOP v1.1").And.Contain($"/Standards/Documents/Details?id={sop}");
        Between(qaHome, "data-testid=\"tile-checks-due\"", "</section>").Should().Contain("data-testid=\"checks-empty\"");
        Between(qaHome, "data-testid=\"tile-workflow-sla\"", "</section>").Should().Contain("data-testid=\"sla-empty\"");
        qaHome.Should().NotContain("tile-plan-budget").And.NotContain("home.tile");
        (await qa.GetAsync($"/Standards/Documents/Details?id={sop}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var worker = await EmployeeUserAsync(a, "HQworker", a.Org.EmployeeA);
        (await worker.GetStringAsync("/")).Should().NotContain("tile-coverage").And.NotContain("tile-standards-release");
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        from.Should().BeGreaterThanOrEqualTo(0, $"the page has {start}");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }
}
