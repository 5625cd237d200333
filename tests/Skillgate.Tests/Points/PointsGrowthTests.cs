using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Points;

/// <summary>
/// Growth and interaction points through the API: a skill applied on the line pays what the department head chose within
/// 50–100 and nothing before the confirmation; an instructor's +2/+3 in a session stops at the session's cap; the wrong
/// people and bad input change nothing.
/// </summary>
public sealed class PointsGrowthTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_confirmed_skill_application_earns_what_the_head_chose_within_50_to_100_and_nothing_before()
    {
        var a = await ActorsAsync("PG");
        var worker = await EmployeeUserAsync(a, "PGworker", a.Org.EmployeeA);
        var headA = await App.CreateUserAsync(a.Admin, "PGheadA", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        await App.CreateUserAsync(a.Admin, "PGheadB", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var head = await App.SignInAsync("PGheadA", Password);
        var other = await App.SignInAsync("PGheadB", Password);

        (await ErrorFieldsAsync(await worker.PostAsJsonAsync("/api/v1/points/skill-applications", new SkillApplicationInput(null, null, " ", null, null)))).Should().BeEquivalentTo(["title", "description"]);
        (await worker.PostAsJsonAsync("/api/v1/points/skill-applications", new SkillApplicationInput(a.Org.EmployeeB, null, "替别人记", "不行", null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var recorded = await ReadAsync<SkillApplicationDto>(await worker.PostAsJsonAsync("/api/v1/points/skill-applications",
            new SkillApplicationInput(null, null, "新焊接参数降低虚焊", "按新参数操作后，本班组虚焊次品率由 1.2% 降到 0.6%，附 11 月检验记录。", null)), HttpStatusCode.Created);
        recorded.Status.Should().Be("submitted");
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((0L, 0L), "nothing is paid before the confirmation");
        (await NotificationsAsync(headA)).Should().Be(1, "the head of the person's unit is asked to confirm");

        (await worker.GetAsync("/api/v1/points/skill-applications")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.PostAsJsonAsync($"/api/v1/points/skill-applications/{recorded.Id}/decision", new SkillApplicationDecision("confirm", 80, null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorFieldsAsync(await head.PostAsJsonAsync($"/api/v1/points/skill-applications/{recorded.Id}/decision", new SkillApplicationDecision("confirm", 120, null)))).Should().Equal("points");
        (await ErrorFieldsAsync(await head.PostAsJsonAsync($"/api/v1/points/skill-applications/{recorded.Id}/decision", new SkillApplicationDecision("reject", null, null)))).Should().Equal("note");
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((0L, 0L), "refused decisions pay nothing");

        var confirmed = await ReadAsync<SkillApplicationDto>(await head.PostAsJsonAsync($"/api/v1/points/skill-applications/{recorded.Id}/decision",
            new SkillApplicationDecision("confirm", 80, "检验记录属实")), HttpStatusCode.OK);
        confirmed.Should().Match<SkillApplicationDto>(x => x.Status == "confirmed" && x.Points == 80);
        (await LedgerAsync(a.Org.EmployeeA, "skill_applied")).Should().Be((80L, 1L));
        (await CodeAsync(await head.PostAsJsonAsync($"/api/v1/points/skill-applications/{recorded.Id}/decision", new SkillApplicationDecision("confirm", 100, null)), HttpStatusCode.Conflict))
            .Should().Be("points_application_decided");
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((80L, 1L), "a second decision pays nothing");
        var mine = await ReadAsync<PointsAccountDto>(await worker.GetAsync("/api/v1/points/me"), HttpStatusCode.OK);
        mine.ByCategory.Single(c => c.Category == "growth").Points.Should().Be(80);

        var zh = await App.SignInAsync("PGworker", Password, "zh-CN");
        (await zh.GetStringAsync("/Points/Applications")).Should().Contain("技能应用").And.Contain("新焊接参数降低虚焊").And.Contain("已确认");

        // In December everyone is told their unit's November board once, with their own rank.
        App.Clock.Advance(TimeSpan.FromDays(11));
        await App.Services.GetRequiredService<Skillgate.Modules.Points.Boards.MonthlyBoardJob>().RunAsync(CancellationToken.None);
        await App.Services.GetRequiredService<Skillgate.Modules.Points.Boards.MonthlyBoardJob>().RunAsync(CancellationToken.None);
        (await CountAsync("platform.notification n JOIN auth.app_user u ON u.id = n.user_id WHERE u.user_name = 'PGworker' AND n.title LIKE '%2026-11%'"))
            .Should().Be(1, "the monthly board is sent once");
        (await CountAsync("platform.notification n JOIN auth.app_user u ON u.id = n.user_id WHERE u.user_name = 'PGworker' AND n.title LIKE '%2026-11%' AND n.body LIKE '%80%'"))
            .Should().Be(1);
    }

    [Fact]
    public async Task An_instructors_awards_in_a_session_stop_at_the_sessions_cap_and_only_invited_people_earn()
    {
        var a = await ActorsAsync("PI");
        var course = await ClassroomCourseAsync(a, "PI-CLS", null);
        var teacher = await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = "PI4001", name = "赵讲师", orgUnitId = a.Org.WorkshopB, positionId = a.Org.PositionB, hireDate = "2015-01-01" });
        var internalInstructor = await ReadAsync<Skillgate.Modules.Learning.Contracts.InstructorDto>(await a.Hr.PostAsJsonAsync("/api/v1/instructors",
            new Skillgate.Modules.Learning.Contracts.InstructorInput("internal", teacher, null, null, "焊接", [course])), HttpStatusCode.Created);
        var now = App.Clock.GetUtcNow();
        var session = await ReadAsync<Skillgate.Modules.Training.Contracts.SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new Skillgate.Modules.Training.Contracts.SessionInput(course, "互动课堂", null, now, now.AddHours(2), 10, [internalInstructor.Id], [a.Org.EmployeeA, a.Org.EmployeeB])), HttpStatusCode.Created);

        // The session's instructor awards whatever their own data scope (none here); another instructor awards nothing in it.
        await App.CreateUserAsync(a.Admin, "PIinst", ["Instructor"], scopeAll: false, scope: [], employeeId: teacher);
        var instructor = await App.SignInAsync("PIinst", Password);
        await App.CreateUserAsync(a.Admin, "PIother", ["Instructor"], scopeAll: true);
        var otherInstructor = await App.SignInAsync("PIother", Password);
        var worker = await EmployeeUserAsync(a, "PIworker", a.Org.EmployeeA);
        var stranger = await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = "PI3001", name = "王强", orgUnitId = a.Org.WorkshopA, positionId = a.Org.PositionA, hireDate = "2022-01-01" });

        (await worker.PostAsJsonAsync("/api/v1/points/interactions", new InteractionInput(session.Id, a.Org.EmployeeA, 3, null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CodeAsync(await otherInstructor.PostAsJsonAsync("/api/v1/points/interactions", new InteractionInput(session.Id, a.Org.EmployeeA, 3, null)), HttpStatusCode.Forbidden))
            .Should().Be("points_not_session_instructor");
        (await CodeAsync(await instructor.PostAsJsonAsync("/api/v1/points/interactions", new InteractionInput(session.Id, teacher, 3, null)), HttpStatusCode.Forbidden))
            .Should().Be("points_own_award");
        (await otherInstructor.GetAsync($"/api/v1/points/sessions/{session.Id}/interactions")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorFieldsAsync(await instructor.PostAsJsonAsync("/api/v1/points/interactions", new InteractionInput(session.Id, a.Org.EmployeeA, 5, null)))).Should().Equal("points");
        (await CodeAsync(await instructor.PostAsJsonAsync("/api/v1/points/interactions", new InteractionInput(session.Id, stranger, 3, null)), HttpStatusCode.Conflict))
            .Should().Be("points_not_participant");
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((0L, 0L));

        var paid = new List<int>();
        foreach (var value in new[] { 3, 3, 2, 3 })
        {
            paid.Add((await ReadAsync<InteractionDto>(await instructor.PostAsJsonAsync("/api/v1/points/interactions", new InteractionInput(session.Id, a.Org.EmployeeA, value, "回答了焊接缺陷问题")), HttpStatusCode.OK)).Awarded);
        }

        paid.Should().Equal([3, 3, 2, 1], "the session pays a person up to its cap of 9");
        (await LedgerAsync(a.Org.EmployeeA, "interaction")).Should().Be((9L, 4L));

        // A retried award (same request id) is answered again, not paid again.
        var retry = new InteractionInput(session.Id, a.Org.EmployeeB, 2, "提问", Guid.NewGuid());
        var first = await ReadAsync<InteractionDto>(await instructor.PostAsJsonAsync("/api/v1/points/interactions", retry), HttpStatusCode.OK);
        var again = await ReadAsync<InteractionDto>(await instructor.PostAsJsonAsync("/api/v1/points/interactions", retry), HttpStatusCode.OK);
        (again.Id, again.Awarded).Should().Be((first.Id, first.Awarded));
        (await LedgerAsync(a.Org.EmployeeB, "interaction")).Should().Be((2L, 1L));
        var people = await ReadAsync<List<SessionParticipantPoints>>(await instructor.GetAsync($"/api/v1/points/sessions/{session.Id}/interactions"), HttpStatusCode.OK);
        people.Select(p => (p.EmployeeNo, p.Awarded, p.Interactions)).Should().Equal(("PI1001", 9, 4), ("PI2001", 2, 1));
        var page = await instructor.GetStringAsync($"/Points/Interactions?session={session.Id}");
        page.Should().Contain("Session interaction").And.Contain("PI1001").And.Contain("9 points here (4 times)");
    }
}
