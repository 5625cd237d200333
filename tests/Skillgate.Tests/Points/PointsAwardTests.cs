using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Points;

/// <summary>
/// The points article's table through the API: exam tiers on the first passing attempt only, a course's points for its
/// completion once per revision, 30 for a passed practical; rules per position that change what a course pays; caps; HR's
/// corrections never below zero; and who may do what.
/// </summary>
public sealed class PointsAwardTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Exam_scores_100_95_85_79_earn_20_15_10_0_on_the_first_passing_attempt_and_nothing_on_later_ones()
    {
        var a = await ActorsAsync("PX");
        var people = new List<Guid> { a.Org.EmployeeA, a.Org.EmployeeB };
        for (var i = 3; i <= 4; i++)
        {
            people.Add(await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = $"PX{i}001", name = $"员工{i}", orgUnitId = a.Org.WorkshopA, positionId = a.Org.PositionA, hireDate = "2022-01-01" }));
        }

        var course = await CreateCourseAsync(a.Author, "PX-EX", "质量基础考试");
        var weights = new[] { 5, 10, 15, 21, 49 };
        var questions = new List<PaperQuestionInput>();
        foreach (var w in weights)
        {
            var q = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "single", $"PX-{w}: 第 {w} 分的题？", ["甲", "乙", "丙"], ["0"], 2, ["px"]));
            questions.Add(new PaperQuestionInput(q.Id, w));
        }

        var paper = await PaperAsync(a.Author, new PaperInput(course.Id, "质量基础", "fixed", 30, 60, 3, false, Questions: questions));
        await PublishAsync(a, course.Id);
        (await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput(people, null))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // Each person misses the question worth 0, 5, 15 or 21 points: 100, 95, 85 and 79 percent, all above the pass mark of 60.
        var missed = new int?[] { null, 5, 15, 21 };
        var clients = new List<HttpClient>();
        for (var i = 0; i < people.Count; i++)
        {
            var client = await EmployeeUserAsync(a, $"PXw{i}", people[i]);
            clients.Add(client);
            var result = await TakeAsync(client, paper.Id, missed[i]);
            result.Percent.Should().Be(100 - (missed[i] ?? 0));
            result.Passed.Should().BeTrue();
        }

        var expected = new[] { 20, 15, 10, 0 };
        for (var i = 0; i < people.Count; i++)
        {
            var mine = await ReadAsync<PointsAccountDto>(await clients[i].GetAsync("/api/v1/points/me"), HttpStatusCode.OK);
            mine.Entries.Should().ContainSingle(e => e.Rule == "exam").Which.Should().Match<PointsEntryDto>(e => e.Points == expected[i] && e.Category == "results");
            mine.Entries.Should().ContainSingle(e => e.Rule == "class_hours").Which.Points.Should().Be(10, "the course's own points value pays its completion");
            mine.Balance.Should().Be(expected[i] + 10);
            mine.ByCategory.Single(c => c.Category == "results").Points.Should().Be(expected[i]);
            mine.ByCategory.Single(c => c.Category == "participation").Points.Should().Be(10);
        }

        // A second passing attempt (100 %) by the one who first passed with 79 earns nothing, nor does the course complete again.
        var retake = await TakeAsync(clients[3], paper.Id, null);
        retake.Percent.Should().Be(100);
        (await LedgerAsync(people[3])).Should().Be((10L, 2L), "the first passing attempt was 79 %: it paid 0 and later attempts pay nothing");
        var again = await TakeAsync(clients[0], paper.Id, null);
        again.Passed.Should().BeTrue();
        (await LedgerAsync(people[0])).Should().Be((30L, 2L));

        // The page shows the same, in both languages.
        var zh = await App.SignInAsync("PXw0", Password, "zh-CN");
        var page = await zh.GetStringAsync("/Points");
        page.Should().Contain("我的积分").And.Contain("考试成绩").And.Contain("+20").And.Contain("成果分");
        (await clients[0].GetStringAsync("/Points")).Should().Contain("My points").And.Contain("Exam score").And.Contain("+20");
    }

    [Fact]
    public async Task A_passed_practical_earns_30_once_and_the_completion_its_course_hours()
    {
        var a = await ActorsAsync("PP");
        var course = await CreateCourseAsync(a.Author, "PP-TIG", "TIG 焊实操", kind: "practical", requiresExam: false);
        await PublishAsync(a, course.Id);
        await App.CreateUserAsync(a.Admin, "PPinst", ["Instructor"], scopeAll: true, employeeId: a.Org.EmployeeB);
        var evaluator = await App.SignInAsync("PPinst", Password);
        await ReadAsync<InstructorDto>(await a.Hr.PostAsJsonAsync("/api/v1/instructors", new InstructorInput("internal", a.Org.EmployeeB, null, null, "TIG 焊", [course.Id])), HttpStatusCode.Created);

        for (var round = 0; round < 2; round++)
        {
            var practical = await ReadAsync<PracticalDto>(await evaluator.PostAsJsonAsync("/api/v1/practicals", new PracticalStart(course.Id, a.Org.EmployeeA)), HttpStatusCode.Created);
            foreach (var step in new[] { "read", "observe", "perform" })
            {
                await ReadAsync<PracticalDto>(await StepAsync(evaluator, practical.Id, step, null), HttpStatusCode.OK);
            }

            (await LedgerAsync(a.Org.EmployeeA, "practical")).Sum.Should().Be(round == 0 ? 0 : 30, "nothing is paid before the sign-off");
            (await ReadAsync<PracticalDto>(await StepAsync(evaluator, practical.Id, "signoff", Password), HttpStatusCode.OK)).Step.Should().Be("done");
        }

        (await LedgerAsync(a.Org.EmployeeA, "practical")).Should().Be((30L, 1L), "a second practical on the same course pays nothing more");
        (await LedgerAsync(a.Org.EmployeeA, "class_hours")).Should().Be((10L, 1L), "the course revision's completion pays once");
        var hr = await ReadAsync<PointsAccountDto>(await a.Hr.GetAsync($"/api/v1/points/people/{a.Org.EmployeeA}"), HttpStatusCode.OK);
        hr.Balance.Should().Be(40);
        hr.Entries.Single(e => e.Rule == "practical").Reason.Should().Contain("PP-TIG");
    }

    [Fact]
    public async Task A_positions_rule_pays_its_holders_differently_for_the_same_course_and_the_daily_cap_cuts_the_award()
    {
        var a = await ActorsAsync("PR");
        var before = await ReadAsync<List<PointsRuleDto>>(await a.Hr.GetAsync("/api/v1/points/rules"), HttpStatusCode.OK);
        before.Single(r => r.Code == "class_hours" && r.OrgUnitId is null && r.PositionId is null).Should().Match<PointsRuleDto>(r => r.Points == 5 && r.MinPoints == 5 && r.MaxPoints == 10);
        before.Single(r => r.Code == "exam" && r.OrgUnitId is null).Tiers!.Select(t => (t.Min, t.Points)).Should().Equal((100m, 20), (90m, 15), (80m, 10));

        // Wrong role and bad input change nothing.
        var worker = await EmployeeUserAsync(a, "PRworker", a.Org.EmployeeA);
        (await worker.PutAsJsonAsync("/api/v1/points/rules", new PointsRuleInput("class_hours", null, a.Org.PositionA, 10, 5, 10, null, null, null, null, true)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorFieldsAsync(await a.Hr.PutAsJsonAsync("/api/v1/points/rules", new PointsRuleInput("nap_time", null, null, 5, 5, 5, null, null, null, null, true)))).Should().Equal("code");
        (await ErrorFieldsAsync(await a.Hr.PutAsJsonAsync("/api/v1/points/rules", new PointsRuleInput("class_hours", null, a.Org.PositionA, 12, 5, 10, null, 0, null, null, true))))
            .Should().BeEquivalentTo(["minPoints", "dailyCap"]);
        (await ErrorFieldsAsync(await a.Hr.PutAsJsonAsync("/api/v1/points/rules", new PointsRuleInput("exam", null, null, null, null, null, [new ExamTier(120, 5)], null, null, null, true)))).Should().Equal("tiers");
        (await ErrorFieldsAsync(await a.Hr.PutAsJsonAsync("/api/v1/points/rules", new PointsRuleInput("class_hours", Guid.NewGuid(), null, 8, 5, 10, null, null, null, null, true)))).Should().Equal("orgUnitId");
        (await ReadAsync<List<PointsRuleDto>>(await a.Hr.GetAsync("/api/v1/points/rules"), HttpStatusCode.OK)).Should().BeEquivalentTo(before);

        // Welders (position A) earn 10 an hour with a daily cap of 25; fitters keep the default of 5 an hour.
        var rule = await ReadAsync<PointsRuleDto>(await a.Hr.PutAsJsonAsync("/api/v1/points/rules",
            new PointsRuleInput("class_hours", null, a.Org.PositionA, 10, 5, 10, null, 25, null, null, true)), HttpStatusCode.OK);
        rule.Position.Should().Be("焊工");
        (await CountAsync($"audit.event WHERE entity_type = 'points_rule' AND entity_id = '{rule.Id}'")).Should().Be(1);
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE };
        var evidence = await PostFileAsync(a.Hr, new MultipartFormDataContent { { new ByteArrayContent(png), "file", "certificate.png" } });
        foreach (var (code, hours) in new[] { ("PR-A", 2m), ("PR-B", 2m) })
        {
            var course = await ReadAsync<CourseDto>(await a.Author.PostAsJsonAsync("/api/v1/courses",
                new CourseInput(code, "课程 " + code, "external", hours, null, null, 0, 0m, 90, false, null)), HttpStatusCode.Created);
            await PublishAsync(a, course.Id);
            foreach (var person in new[] { a.Org.EmployeeA, a.Org.EmployeeB })
            {
                (await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/external-completions", new ExternalCompletionInput(person, new DateOnly(2026, 11, 20), evidence)))
                    .StatusCode.Should().Be(HttpStatusCode.Created);
            }
        }

        var replayed = await a.Hr.PostAsJsonAsync($"/api/v1/courses/{(await CourseIdAsync("PR-B"))}/external-completions", new ExternalCompletionInput(a.Org.EmployeeB, new DateOnly(2026, 11, 20), evidence));
        replayed.StatusCode.Should().Be(HttpStatusCode.Created, "recording the same certificate again is accepted");

        (await LedgerAsync(a.Org.EmployeeB, "class_hours")).Should().Be((20L, 2L), "2 hours × 5, twice; the same course revision recorded again pays nothing");
        (await LedgerAsync(a.Org.EmployeeA, "class_hours")).Should().Be((25L, 2L), "2 hours × 10 = 20, then only 5 more fit under the daily cap of 25");
        var mine = await ReadAsync<PointsAccountDto>(await worker.GetAsync("/api/v1/points/me?category=participation"), HttpStatusCode.OK);
        mine.Entries.Select(e => e.Points).Should().Equal(5, 20);
        var next = await ReadAsync<CourseDto>(await a.Author.PostAsJsonAsync("/api/v1/courses", new CourseInput("PR-C", "课程 PR-C", "external", 1m, null, null, 0, 0m, 90, false, null)), HttpStatusCode.Created);
        await PublishAsync(a, next.Id);
        App.Clock.Advance(TimeSpan.FromDays(1));
        var hr = await App.SignInAsync("PRhr", Password);
        (await hr.PostAsJsonAsync($"/api/v1/courses/{next.Id}/external-completions", new ExternalCompletionInput(a.Org.EmployeeA, new DateOnly(2026, 11, 21), evidence)))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await LedgerAsync(a.Org.EmployeeA, "class_hours")).Should().Be((35L, 3L), "a new day, a new cap");

        (await hr.DeleteAsync($"/api/v1/points/rules/{before.Single(r => r.Code == "note").Id}")).StatusCode.Should().Be(HttpStatusCode.Conflict, "default rules stay");
        (await hr.DeleteAsync($"/api/v1/points/rules/{rule.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ReadAsync<List<PointsRuleDto>>(await hr.GetAsync("/api/v1/points/rules"), HttpStatusCode.OK)).Should().NotContain(r => r.Id == rule.Id);
    }

    [Fact]
    public async Task HR_corrects_with_a_reason_never_below_zero_and_others_may_not()
    {
        var a = await ActorsAsync("PC");
        var worker = await EmployeeUserAsync(a, "PCworker", a.Org.EmployeeA);
        await App.CreateUserAsync(a.Admin, "PChead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var head = await App.SignInAsync("PChead", Password);

        (await worker.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 50, "growth", "自己加分"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await head.GetAsync($"/api/v1/points/people/{a.Org.EmployeeA}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "A works outside the head's scope");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 0, "fun", " "))))
            .Should().BeEquivalentTo(["points", "category", "reason"]);
        (await CodeAsync(await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, -5, "growth", "扣分")), HttpStatusCode.Conflict))
            .Should().Be("points_balance_negative");
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((0L, 0L), "refused corrections write nothing");

        var entry = await ReadAsync<PointsEntryDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 60, "growth", "补录 10 月技能应用")), HttpStatusCode.OK);
        entry.Rule.Should().Be("correction");
        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, -20, "growth", "重复补录，扣回"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((40L, 2L));
        (await CountAsync($"audit.event WHERE entity_type = 'points_entry' AND entity_id = '{entry.Id}'")).Should().Be(1);

        await using (var ds = App.OpenDataSource())
        {
            var change = async () => await ds.CreateCommand($"UPDATE points.entry SET points = 1000 WHERE id = '{entry.Id}'").ExecuteNonQueryAsync();
            await change.Should().ThrowAsync<Npgsql.PostgresException>("the ledger is append-only");
        }

        var mine = await ReadAsync<PointsAccountDto>(await worker.GetAsync("/api/v1/points/me"), HttpStatusCode.OK);
        mine.Should().Match<PointsAccountDto>(m => m.Balance == 40 && m.EarnedThisMonth == 40 && m.RankThisMonth == 1);
        var board = await ReadAsync<BoardDto>(await worker.GetAsync("/api/v1/points/boards"), HttpStatusCode.OK);
        board.OrgUnitId.Should().Be(a.Org.WorkshopA, "a person's board is their own unit's");
        board.Top.Should().ContainSingle().Which.Should().Match<BoardRow>(r => r.Rank == 1 && r.Points == 40 && r.Growth == 40);
        (await worker.GetAsync($"/api/v1/points/boards?orgUnitId={a.Org.WorkshopB}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "another unit's board is not published to them");
        (await worker.GetAsync($"/api/v1/points/boards?orgUnitId={a.Org.Plant}")).StatusCode.Should().Be(HttpStatusCode.OK, "the board of the plant above them is");
        (await ErrorFieldsAsync(await worker.GetAsync("/api/v1/points/boards?month=November"))).Should().Equal("month");
        (await ReadAsync<BoardDto>(await worker.GetAsync("/api/v1/points/boards?month=2026-10"), HttpStatusCode.OK)).Top.Should().BeEmpty("October's board counts October's entries only");
        (await ErrorFieldsAsync(await worker.GetAsync("/api/v1/points/boards?month=0001-01"))).Should().Equal("month");
        var unitPage = await a.Hr.GetStringAsync($"/Organization/OrgUnits/Details?id={a.Org.WorkshopA}");
        unitPage.Should().Contain("This month&#x27;s points, top 10", "the unit's page publishes its board").And.Contain("data-testid=\"unit-board\"").And.Contain("PC1001");
        (await worker.GetAsync("/api/v1/points/me?page=2147483647")).StatusCode.Should().Be(HttpStatusCode.OK, "a page past the end is an empty page");

        // A retried correction (same request id) is recorded once; HR does not correct their own points.
        var retry = new PointsCorrectionInput(a.Org.EmployeeA, 5, "results", "补录考试", Guid.NewGuid());
        var once = await ReadAsync<PointsEntryDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", retry), HttpStatusCode.OK);
        (await ReadAsync<PointsEntryDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", retry), HttpStatusCode.OK)).Id.Should().Be(once.Id);
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((45L, 3L));
        (await CodeAsync(await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", retry with { EmployeeId = a.Org.EmployeeB }), HttpStatusCode.Conflict))
            .Should().Be("points_request_reused", "a request id names one correction of one person");
        await App.CreateUserAsync(a.Admin, "PChrB", ["HR"], scopeAll: true, employeeId: a.Org.EmployeeB);
        var hrB = await App.SignInAsync("PChrB", Password);
        (await CodeAsync(await hrB.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeB, 100, "growth", "给自己加分")), HttpStatusCode.Forbidden))
            .Should().Be("points_own_correction");
        (await LedgerAsync(a.Org.EmployeeB)).Should().Be((0L, 0L));
    }

    private async Task<Guid> CourseIdAsync(string code)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand("SELECT id FROM learning.course WHERE code = @code");
        cmd.Parameters.AddWithValue("code", code);
        return (Guid)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<AttemptResult> TakeAsync(HttpClient client, Guid paper, int? missWorth)
    {
        var attempt = await ReadAsync<AttemptView>(await client.PostAsync($"/api/v1/papers/{paper}/attempts", null), HttpStatusCode.Created);
        var right = await RightAnswersAsync(attempt);
        var answers = right.ToDictionary(p => p.Key, p => attempt.Questions.Single(q => q.Key == p.Key).Points == missWorth ? (IReadOnlyList<string>)[p.Value[0] == "0" ? "1" : "0"] : p.Value);
        var submitted = await ReadAsync<AttemptView>(await client.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/submit", new AnswersInput(answers)), HttpStatusCode.OK);
        return submitted.Result!;
    }

    private static Task<HttpResponseMessage> StepAsync(HttpClient client, Guid practical, string step, string? password) =>
        client.PostAsJsonAsync($"/api/v1/practicals/{practical}/steps", new PracticalStepInput(step, [], null, password, password is null ? null : "实操合格"));
}
