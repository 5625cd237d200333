using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Recommendations close each person's own gaps first: for generated people with five to seven open requirements, the top five
/// are courses on their own open requirements, ahead of what colleagues rated highly; each names its reason in the reader's
/// language; a need, a wish and a skill level rank where they should; finishing a course takes it off; nobody reads another's
/// list outside their scope.
/// </summary>
public sealed class RecommendationTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task For_generated_people_with_five_or_more_gaps_the_top_five_close_their_own_gaps()
    {
        var a = await ActorsAsync("RC");
        var versions = new List<Guid>();
        for (var i = 1; i <= 6; i++)
        {
            var document = await CreateDocumentAsync(a, $"RC-D{i}", $"焊接作业指导书 {i}");
            var version = await ReleaseVersionAsync(a, document, "major");
            versions.Add(version);
            (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = document })).EnsureSuccessStatusCode();
            await ClassroomCourseAsync(a, $"RC-C{i}", version);
        }

        var skill = await PostIdAsync(a.Hr, "/api/v1/skills", new SkillInput("RC-S1", "氩弧焊", null, 5, null));
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "skill", skillId = skill, minLevel = 2 })).EnsureSuccessStatusCode();
        var skillCourse = await CreateCourseAsync(a.Author, "RC-SK", "氩弧焊进阶");
        await LinkAsync(a.Author, skillCourse, [], [new CourseSkillInput(skill, 3)]);
        await PublishAsync(a, skillCourse.Id);
        var popular = await CreateCourseAsync(a.Author, "RC-POP", "车间 5S 实务");
        await PublishAsync(a, popular.Id);

        var random = new Random(20261205);
        var people = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var person = await ReadAsync<EmployeeDto>(await a.Hr.PostAsJsonAsync("/api/v1/employees",
                new EmployeeCreate($"RCG{i:000}", $"生成员工{i}", null, null, a.Org.WorkshopA, a.Org.PositionA, null, null, new DateOnly(2025, 3, 1))), HttpStatusCode.Created);
            people.Add(person.Id);
            foreach (var version in versions.OrderBy(_ => random.Next()).Take(random.Next(0, 3)))
            {
                (await a.Hr.PostAsJsonAsync("/api/v1/completions", new CompletionInput(person.Id, version, new DateOnly(2026, 11, 20)))).EnsureSuccessStatusCode();
            }
        }

        // Colleagues on the post rate the 5S course highly: it is a fair pick, but it closes no one's gap.
        await RateAsync(popular.Id, people.Take(3), applicability: 5);

        foreach (var person in people)
        {
            var gaps = await OpenGapCoursesAsync(person);
            gaps.Count.Should().BeGreaterThanOrEqualTo(5, "every generated person has five to seven open requirements");
            var list = await ReadAsync<List<RecommendationDto>>(await a.Hr.GetAsync($"/api/v1/employees/{person}/recommendations"), HttpStatusCode.OK);
            list.Should().OnlyContain(r => r.Reasons.Count > 0 && r.Reasons.All(x => x.Length > 0), "every recommendation names its reason");
            list.Take(5).Count(r => gaps.Contains(r.CourseId)).Should().BeGreaterThanOrEqualTo(4, "at least four of the top five close the person's own gaps");
            list.Select(r => r.Tier).Should().BeInAscendingOrder("the most urgent come first");
            if (people.IndexOf(person) >= 3)
            {
                list.Should().Contain(r => r.CourseId == popular.Id && r.Tier == 6, "colleagues' pick is listed, last");
            }
        }
    }

    [Fact]
    public async Task Each_reason_is_in_words_in_the_readers_language_and_a_finished_course_leaves_the_list()
    {
        var a = await ActorsAsync("RW");
        var document = await CreateDocumentAsync(a, "WI-WELD-01", "焊接作业指导书");
        var version = await ReleaseVersionAsync(a, document, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = document })).EnsureSuccessStatusCode();
        var required = await ClassroomCourseAsync(a, "RW-WELD", version);
        var skill = await PostIdAsync(a.Hr, "/api/v1/skills", new SkillInput("RW-S1", "二保焊", null, 5, null));
        var wished = await PostIdAsync(a.Hr, "/api/v1/skills", new SkillInput("RW-S2", "机器人编程", null, 5, null));
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "skill", skillId = skill, minLevel = 2 })).EnsureSuccessStatusCode();
        var skillCourse = await CreateCourseAsync(a.Author, "RW-SK", "二保焊提高");
        await LinkAsync(a.Author, skillCourse, [], [new CourseSkillInput(skill, 2)]);
        await PublishAsync(a, skillCourse.Id);
        var wishCourse = await CreateCourseAsync(a.Author, "RW-ROBOT", "焊接机器人编程入门");
        await LinkAsync(a.Author, wishCourse, [], [new CourseSkillInput(wished, 1)]);
        await PublishAsync(a, wishCourse.Id);
        var needCourse = await CreateCourseAsync(a.Author, "RW-DEFECT", "焊接缺陷识别");
        await PublishAsync(a, needCourse.Id);
        await NeedNamingAsync(a.Org.EmployeeA, needCourse.Id);

        var worker = await EmployeeUserAsync(a, "RWworker", a.Org.EmployeeA);
        (await worker.PostAsJsonAsync("/api/v1/me/skill-wishes", new SkillWishInput(wished, "想学机器人"))).EnsureSuccessStatusCode();
        var zh = await App.SignInAsync("RWworker", Password, "zh-CN");
        var mine = await ReadAsync<List<RecommendationDto>>(await zh.GetAsync("/api/v1/me/recommendations"), HttpStatusCode.OK);
        mine.Select(r => r.Code).Should().Equal("RW-WELD", "RW-SK", "RW-DEFECT", "RW-ROBOT");
        mine[0].Reasons.Should().ContainSingle().Which.Should().StartWith("要求：WI-WELD-01 v1.0 培训");
        mine[0].TierName.Should().Be("上岗必需");
        mine[1].Reasons.Should().Equal("岗位要求 二保焊 达到 2 级");
        mine[2].Reasons.Should().Equal("W2 线 的 焊接 缺陷率连续 3 期上升：1.00%, 2.00%, 3.00%");
        mine[3].Reasons.Should().Equal("你申报希望学习 机器人编程");

        var en = await App.SignInAsync("RWworker", Password, "en");
        var english = await ReadAsync<List<RecommendationDto>>(await en.GetAsync("/api/v1/me/recommendations"), HttpStatusCode.OK);
        english[0].Reasons[0].Should().StartWith("Required: WI-WELD-01 v1.0 training");
        english[2].Reasons.Should().Equal("W2 线: 焊接 defect rate rose 3 periods in a row: 1.00%, 2.00%, 3.00%");
        english[3].Reasons.Should().Equal("You asked to learn 机器人编程");

        var page = await zh.GetStringAsync("/Learning/Recommendations");
        page.Should().Contain("要求：WI-WELD-01 v1.0 培训").And.Contain("岗位要求 二保焊 达到 2 级").And.Contain("上岗必需").And.NotContain("learning.reason");
        var home = await zh.GetStringAsync("/");
        home.Should().Contain("data-testid=\"tile-recommended\"").And.Contain("要求：WI-WELD-01 v1.0 培训");
        (await a.Hr.PostAsJsonAsync($"/api/v1/courses/{required}/enrollments", new EnrollInput([a.Org.EmployeeA], new DateOnly(2026, 12, 20)))).EnsureSuccessStatusCode();
        home = await zh.GetStringAsync("/");
        home[home.IndexOf("data-testid=\"tile-learning-due\"", StringComparison.Ordinal)..].Should().Contain("data-testid=\"due-reason\">要求：WI-WELD-01 v1.0 培训", "a course due says which requirement it closes");

        // Finishing the course that closes the requirement takes it off the list; the others stay.
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new CompletionInput(a.Org.EmployeeA, version, new DateOnly(2026, 11, 20)))).EnsureSuccessStatusCode();
        (await ReadAsync<List<RecommendationDto>>(await zh.GetAsync("/api/v1/me/recommendations"), HttpStatusCode.OK)).Select(r => r.Code)
            .Should().Equal("RW-SK", "RW-DEFECT", "RW-ROBOT");

        // Only readers of competence see another's list, and only in their scope.
        (await zh.GetAsync($"/api/v1/employees/{a.Org.EmployeeB}/recommendations")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await zh.GetAsync($"/Learning/Recommendations?employeeId={a.Org.EmployeeB}")).Headers.Location?.ToString().Should().Contain("/Account/Denied");
        await App.CreateUserAsync(a.Admin, "RWheadB", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var headB = await App.SignInAsync("RWheadB", Password, "zh-CN");
        (await headB.GetAsync($"/api/v1/employees/{a.Org.EmployeeA}/recommendations")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await headB.GetAsync($"/Learning/Recommendations?employeeId={a.Org.EmployeeA}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var team = await ReadAsync<Page<TeamRecommendationDto>>(await headB.GetAsync("/api/v1/recommendations/team?q=RW"), HttpStatusCode.OK);
        team.Items.Should().NotContain(p => p.EmployeeId == a.Org.EmployeeA);

        await App.CreateUserAsync(a.Admin, "RWheadA", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var headA = await App.SignInAsync("RWheadA", Password, "zh-CN");
        var ours = await ReadAsync<Page<TeamRecommendationDto>>(await headA.GetAsync("/api/v1/recommendations/team?q=RW1001"), HttpStatusCode.OK);
        ours.Items.Should().ContainSingle().Which.Top.Select(r => r.Code).Should().Equal("RW-SK", "RW-DEFECT", "RW-ROBOT");
        var teamPage = await headA.GetStringAsync("/Learning/Recommendations/Team?q=RW1001");
        teamPage.Should().Contain("岗位要求 二保焊 达到 2 级").And.Contain($"/Learning/Recommendations?employeeId={a.Org.EmployeeA}");
        (await headA.GetStringAsync($"/Learning/Recommendations?employeeId={a.Org.EmployeeA}")).Should().Contain("焊接机器人编程入门").And.NotContain("name=\"courseId\"", "a head does not enrol someone from their list");
    }

    private async Task RateAsync(Guid course, IEnumerable<Guid> people, int applicability)
    {
        await using var ds = App.OpenDataSource();
        foreach (var person in people)
        {
            await using var cmd = ds.CreateCommand(
                "INSERT INTO learning.feedback (id, course_id, employee_id, content_rating, applicability_rating, created_at) VALUES (gen_random_uuid(), @course, @person, 5, @applicability, now())");
            cmd.Parameters.AddWithValue("course", course);
            cmd.Parameters.AddWithValue("person", person);
            cmd.Parameters.AddWithValue("applicability", applicability);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A trend need naming the person, as the needs analysis records one.</summary>
    private async Task NeedNamingAsync(Guid employee, Guid course)
    {
        await using var ds = App.OpenDataSource();
        var evidence = JsonSerializer.Serialize(new[] { new { source = "trend", key = "needs.why.trend", args = new[] { "W2 线", "焊接", "3", "1.00%, 2.00%, 3.00%" } } });
        await using var cmd = ds.CreateCommand(
            """
            WITH n AS (INSERT INTO needs.need (id, source, dedupe_key, title, course_id, why, evidence, priority, due_on, created_at)
                       VALUES (gen_random_uuid(), 'trend', 'course:' || @course || ':unit:', '焊接缺陷识别', @course, 'W2', @evidence::jsonb, 'high', '2026-12-31', now()) RETURNING id)
            INSERT INTO needs.need_person (need_id, employee_id) SELECT id, @employee FROM n
            """);
        cmd.Parameters.AddWithValue("course", course);
        cmd.Parameters.AddWithValue("employee", employee);
        cmd.Parameters.AddWithValue("evidence", evidence);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The published courses that teach a document or skill the person has an open requirement on, read straight from the tables.</summary>
    private async Task<HashSet<Guid>> OpenGapCoursesAsync(Guid person)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand(
            """
            SELECT DISTINCT c.id FROM competence.qualification q JOIN competence.requirement r ON r.id = q.requirement_id
            JOIN learning.course c ON c.status = 'published'
            WHERE q.employee_id = @person AND q.status NOT IN ('qualified')
              AND (EXISTS (SELECT 1 FROM learning.course_document cd JOIN standards.document_version v ON v.id = cd.document_version_id WHERE cd.course_id = c.id AND v.document_id = r.document_id)
                   OR EXISTS (SELECT 1 FROM learning.course_skill cs WHERE cs.course_id = c.id AND cs.skill_id = r.skill_id AND cs.level >= r.min_level))
            """);
        cmd.Parameters.AddWithValue("person", person);
        var found = new HashSet<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }
}
