using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The management cockpit: its charts count what happened in the caller's scope, broken down by the first level of their tree
/// that has more than one unit, each chart's list opens, a panel without data says so, and a worker cannot open it.
/// </summary>
public sealed partial class CockpitTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Participation_counts_check_ins_of_past_sessions_per_department_in_the_callers_scope_and_drills_to_its_list()
    {
        var a = await ActorsAsync("CK");
        var course = await ClassroomCourseAsync(a, "CK-CLS", null);
        var session = await SessionOfTwoAsync(a, course, "驾驶舱测试课", App.Clock.GetUtcNow().AddHours(1));
        var hr = await App.SignInAsync("CKhr", Password, "zh-CN");
        var before = await hr.GetStringAsync("/Cockpit");
        Panel(before, "participation").Should().Contain("data-testid=\"panel-empty\"", "a session that has not started counts for nothing yet");

        App.Clock.Advance(TimeSpan.FromMinutes(70));
        (await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/attendance", new MarkInput(a.Org.EmployeeA, "in", "现场确认"))).EnsureSuccessStatusCode();
        App.Clock.Advance(TimeSpan.FromHours(3));

        var page = await hr.GetStringAsync("/Cockpit");
        var participation = Panel(page, "participation");
        participation.Should().Contain("受邀 2 人次，签到率 50%");
        Series(participation).Should().Equal(["全部门", "焊接车间", "总装车间"], "the group's one plant is passed through to its workshops");
        page.Should().NotContain("cockpit.", "no text key shows");
        var drill = Drill(participation);
        (await hr.GetAsync(drill)).StatusCode.Should().Be(HttpStatusCode.OK, $"the drill-down {drill} opens");
        Panel(page, "kpi-tree").Should().Contain("data-testid=\"panel-empty\"").And.Contain("这段时间还没有数据");

        var api = await hr.GetFromJsonAsync<CockpitDto>("/api/v1/kpi/cockpit");
        var participationApi = api!.Panels.Single(p => p.Key == "participation");
        participationApi.Headline.Should().Contain("签到率 50%");
        participationApi.Chart!.Value.GetProperty("series").GetArrayLength().Should().Be(3);
        participationApi.DrillUrl.Should().Be(drill);
        api.Panels.Single(p => p.Key == "kpi-tree").Headline.Should().BeNull("no goal, no data");

        await App.CreateUserAsync(a.Admin, "CKhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var head = await App.SignInAsync("CKhead", Password, "zh-CN");
        var headPage = await head.GetStringAsync("/Cockpit");
        Panel(headPage, "participation").Should().Contain("受邀 1 人次，签到率 100%", "workshop B's absentee is outside the head's scope");
        Series(Panel(headPage, "participation")).Should().Equal(["全部门", "焊接车间"]);

        var worker = await EmployeeUserAsync(a, "CKworker", a.Org.EmployeeA);
        var denied = await worker.GetAsync("/Cockpit");
        denied.StatusCode.Should().Be(HttpStatusCode.Redirect);
        denied.Headers.Location!.ToString().Should().Contain("/Account/Denied");
        (await worker.GetAsync("/api/v1/kpi/cockpit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await worker.GetStringAsync("/")).Should().NotContain("open-cockpit", "the cockpit tile is management's");
        (await hr.GetStringAsync("/")).Should().Contain("data-testid=\"open-cockpit\"");
    }

    private static string Panel(string page, string key)
    {
        var from = page.IndexOf($"data-testid=\"panel-{key}\"", StringComparison.Ordinal);
        from.Should().BeGreaterThanOrEqualTo(0, $"the page has the {key} panel");
        return page[from..page.IndexOf("</section>", from, StringComparison.Ordinal)];
    }

    private static List<string> Series(string panel)
    {
        var option = System.Net.WebUtility.HtmlDecode(ChartOption().Match(panel).Groups[1].Value);
        using var json = System.Text.Json.JsonDocument.Parse(option);
        return [.. json.RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];
    }

    private static string Drill(string panel) => System.Net.WebUtility.HtmlDecode(DrillHref().Match(panel).Groups[1].Value);

    [GeneratedRegex("data-chart=\"([^\"]+)\"")]
    private static partial Regex ChartOption();

    [GeneratedRegex("href=\"([^\"]+)\" data-testid=\"drill-")]
    private static partial Regex DrillHref();
}
