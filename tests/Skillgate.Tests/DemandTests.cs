using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Predicted demand: a planned change going live on a post counts that post's people, by the month before it goes live, with
/// its seats, sessions and cost; one click makes them plan lines, after which the month has nothing open and a second click
/// changes nothing; a bad month or a unit outside the caller's scope is refused and changes nothing.
/// </summary>
public sealed class DemandTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_change_going_live_in_90_days_on_a_post_of_12_operators_yields_12_seats_before_it_which_become_plan_lines()
    {
        var a = await ActorsAsync("DM");
        var post = await PostIdAsync(a.Admin, "/api/v1/positions", new PositionInput("DM-ROBOT", "机器人焊接操作工", a.Org.WorkshopA));
        for (var i = 0; i < 12; i++)
        {
            (await a.Hr.PostAsJsonAsync("/api/v1/employees",
                new EmployeeCreate($"DMR{i:00}", $"操作工{i}", null, null, a.Org.WorkshopA, post, null, null, new DateOnly(2024, 5, 1)))).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var course = await ClassroomCourseAsync(a, "DM-RB200", null);
        (await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("equipment", "RB-200", course, null))).EnsureSuccessStatusCode();
        var goLive = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(90);
        (await a.Hr.PostAsJsonAsync("/api/v1/need-rules/planned-changes", new PlannedChangeInput("机器人焊接工作站上线", "RB-200", a.Org.WorkshopA, goLive, post))).EnsureSuccessStatusCode();

        // The needs analysis turns the same change into a need for the post's holders, not for whoever worked the line lately.
        await ReadAsync<AnalysisResult>(await a.Hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        var need = (await ReadAsync<Page<NeedSummary>>(await a.Hr.GetAsync("/api/v1/needs?q=DM-RB200"), HttpStatusCode.OK)).Items.Should().ContainSingle(n => n.Source == "planned_change").Subject;
        need.People.Should().Be(12, "the twelve on the post, and not the workshop's other employee");

        var demand = await ReadAsync<DemandDto>(await a.Hr.GetAsync($"/api/v1/training/demand?orgUnitId={a.Org.WorkshopA}"), HttpStatusCode.OK);
        demand.Months.Should().HaveCount(6);
        var (month, line) = demand.Months.SelectMany(m => m.Lines.Select(l => (m.Month, l))).Single(x => x.l.CourseId == course);
        line.Seats.Should().Be(12, "every operator on the post, and only them");
        line.PositionId.Should().Be(post);
        line.OpenSeats.Should().Be(12);
        line.Sessions.Should().Be(1);
        line.Cost.Should().Be(12 * 120m);
        line.NeededBy.Should().Be(goLive);
        month.Should().BeBefore(goLive, "the training is planned before the go-live");
        line.Sources.Should().ContainSingle().Which.Should().BeEquivalentTo(new DemandSourceDto("change", 12, ["机器人焊接工作站上线"]));

        var itemsBefore = await CountAsync("training.plan_item");
        (await a.Hr.PostAsJsonAsync("/api/v1/training/demand/plan", new DemandPlanInput(a.Org.WorkshopA, month.AddDays(3)))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await a.Hr.PostAsJsonAsync("/api/v1/training/demand/plan", new DemandPlanInput(a.Org.WorkshopA, month.AddMonths(12)))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await App.CreateUserAsync(a.Admin, "DMheadB", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var headB = await App.SignInAsync("DMheadB", Password, "zh-CN");
        (await headB.GetAsync($"/api/v1/training/demand?orgUnitId={a.Org.WorkshopA}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await headB.PostAsJsonAsync("/api/v1/training/demand/plan", new DemandPlanInput(a.Org.WorkshopA, month))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var worker = await EmployeeUserAsync(a, "DMworker", a.Org.EmployeeA);
        (await worker.GetAsync($"/api/v1/training/demand?orgUnitId={a.Org.WorkshopA}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CountAsync("training.plan_item")).Should().Be(itemsBefore, "nothing refused left a line behind");

        var page = await a.Hr.GetStringAsync($"/Training/Demand?orgUnitId={a.Org.WorkshopA}");
        page.Should().Contain("课堂 DM-RB200").And.Contain("机器人焊接操作工").And.Contain("Planned change × 12").And.Contain("data-testid=\"plan-month\"");

        var made = await ReadAsync<DemandPlanResult>(await a.Hr.PostAsJsonAsync("/api/v1/training/demand/plan", new DemandPlanInput(a.Org.WorkshopA, month)), HttpStatusCode.Created);
        var plan = await ReadAsync<PlanDto>(await a.Hr.GetAsync($"/api/v1/plans/{made.PlanId}"), HttpStatusCode.OK);
        plan.Status.Should().Be("draft");
        plan.PeriodStart.Should().Be(month);
        var item = plan.Items.Single(i => i.CourseId == course);
        item.Participants.Should().Be(12);
        item.PositionId.Should().Be(post);
        item.PlannedMonth.Should().Be(month);
        item.Need.Should().Contain(goLive.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).And.Contain("Planned change 12 people");

        var after = await ReadAsync<DemandDto>(await a.Hr.GetAsync($"/api/v1/training/demand?orgUnitId={a.Org.WorkshopA}"), HttpStatusCode.OK);
        var planned = after.Months.Single(m => m.Month == month).Lines.Single(l => l.CourseId == course);
        (planned.PlannedSeats, planned.OpenSeats, planned.Sessions).Should().Be((12, 0, 0), "seats in a plan are not demanded twice");
        var itemsAfter = await CountAsync("training.plan_item");
        (await CodeAsync(await a.Hr.PostAsJsonAsync("/api/v1/training/demand/plan", new DemandPlanInput(a.Org.WorkshopA, month)), HttpStatusCode.Conflict)).Should().Be("demand_nothing_open");
        (await CountAsync("training.plan_item")).Should().Be(itemsAfter);
        (await CountAsync($"audit.event WHERE entity_id = '{item.Id}'")).Should().BeGreaterThan(0, "the lines are audited");
    }
}
