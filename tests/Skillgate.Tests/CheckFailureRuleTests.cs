using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The check_failures rule (a hospital's quality-control office): a ward whose failure rate on a mapped supervision checklist rises
/// three complete months in a row, with at least five checks in each, gets one training need for the people checked there.
/// The checks are performed through the API month by month with the fake clock; every test reads the clock it finds.
/// </summary>
public sealed class CheckFailureRuleTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_wards_failure_rate_rising_three_months_gives_exactly_one_need_for_the_people_checked_there()
    {
        var a = await ActorsAsync("CF");
        var cardiology = await WardAsync(a, "CF-CARD", "心内科病区");
        var surgery = await WardAsync(a, "CF-SURG", "普外科病区");
        string[] nurses = ["CF101", "CF102", "CF103", "CF104", "CF105"];
        string[] surgeryNurses = ["CF201", "CF202", "CF203", "CF204", "CF205"];
        foreach (var no in nurses)
        {
            await EmployeeAsync(a, no, cardiology);
        }

        foreach (var no in surgeryNurses)
        {
            await EmployeeAsync(a, no, surgery);
        }

        var leaver = await EmployeeAsync(a, "CF106", cardiology);
        await EmployeeAsync(a, "CF109", cardiology);
        var hygiene = await ChecklistAsync(a.Author, "CF-HH", "手卫生");
        var falls = await ChecklistAsync(a.Author, "CF-FALL", "跌倒预防");
        var course = await CreateCourseAsync(a.Author, "CF-HH-TRAIN", "手卫生规范培训", "classroom", requiresExam: false);
        await PublishAsync(a, course.Id);
        await ReadAsync<MappingDto>(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklist", "cf-hh", course.Id, null)), HttpStatusCode.OK);

        // Four months: cardiology fails 0, 1, 2, 3 of its 6 hand-hygiene checks; surgery 1 of 5 every month; CF109 is checked on falls only.
        var months = new List<string>();
        for (var m = 0; m < 4; m++)
        {
            var qa = await NextMonthAsync("CF");
            months.Add(Today().ToString("yyyy-MM", CultureInfo.InvariantCulture));
            await ChecksAsync(qa, hygiene, [.. nurses, "CF106"], failing: m);
            await ChecksAsync(qa, hygiene, surgeryNurses, failing: 1);
            await ChecksAsync(qa, falls, ["CF109"], failing: 1);
        }

        await NextMonthAsync("CF");
        await ExitAsync(leaver);
        var hr = await App.SignInAsync("CFhr", Password);
        await ReadAsync<AnalysisResult>(await hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);

        var need = (await NeedsAsync(hr, course.Id)).Should().ContainSingle("surgery's rate is flat and the falls checklist is not mapped").Subject;
        need.Source.Should().Be("check_failures");
        need.OrgUnitId.Should().Be(cardiology);
        need.ScopeLabel.Should().Be("CF-CARD 心内科病区");
        need.Title.Should().Be("手卫生规范培训");
        need.Priority.Should().Be("high");
        need.DueOn.Should().Be(Today().AddDays(30));
        need.People.Select(p => p.EmployeeNo).Should().BeEquivalentTo(nurses, "the active people checked on hand hygiene in the ward, not the leaver nor the one checked on falls");
        need.Why.Should().Be("手卫生 supervision checks at CF-CARD 心内科病区 failed at a rising rate for 3 periods: 0.00% → 16.67% → 33.33% → 50.00%");
        var evidence = need.Evidence.EnumerateArray().Should().ContainSingle(e => e.GetProperty("source").GetString() == "check_failures").Subject;
        evidence.GetProperty("periods").EnumerateArray().Select(p => p.GetString()).Should().Equal(months);
        evidence.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()).Should().Equal(0, 1, 2, 3);
        evidence.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).Should().Equal([0, 1 / 6.0, 2 / 6.0, 3 / 6.0], (x, y) => Math.Abs(x - y) < 1e-9);
        (await hr.GetStringAsync($"/Needs/Details?id={need.Id}")).Should().Contain("data-chart=").And.Contain("CF-CARD");

        var again = await ReadAsync<AnalysisResult>(await hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        again.NeedsCreated.Should().Be(0, "signals are taken once");
        again.NeedsUpdated.Should().Be(0);
        (await NeedsAsync(hr, course.Id)).Should().ContainSingle().Which.People.Should().HaveCount(nurses.Length);
        (await CountAsync($"needs.need WHERE org_unit_id = '{surgery}'")).Should().Be(0);
    }

    [Fact]
    public async Task Rates_that_do_not_rise_every_month_too_few_checks_or_an_unmapped_checklist_raise_nothing()
    {
        var a = await ActorsAsync("CN");
        var levels = await WardAsync(a, "CN-LEVEL", "呼吸科病区");
        var few = await WardAsync(a, "CN-FEW", "儿科病区");
        var unmapped = await WardAsync(a, "CN-FREE", "骨科病区");
        var people = new Dictionary<Guid, string[]>
        {
            [levels] = ["CN101", "CN102", "CN103", "CN104", "CN105"],
            [few] = ["CN201", "CN202", "CN203", "CN204", "CN205"],
            [unmapped] = ["CN301", "CN302", "CN303", "CN304", "CN305"],
        };
        foreach (var (ward, numbers) in people)
        {
            foreach (var no in numbers)
            {
                await EmployeeAsync(a, no, ward);
            }
        }

        var hygiene = await ChecklistAsync(a.Author, "CN-HH", "手卫生");
        var infusion = await ChecklistAsync(a.Author, "CN-IV", "静脉输液");
        var course = await CreateCourseAsync(a.Author, "CN-TRAIN", "护理质量培训", "classroom", requiresExam: false);
        await PublishAsync(a, course.Id);
        await ReadAsync<MappingDto>(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklist", "CN-HH", course.Id, null)), HttpStatusCode.OK);

        for (var m = 0; m < 4; m++)
        {
            var qa = await NextMonthAsync("CN");
            await ChecksAsync(qa, hygiene, people[levels], failing: new[] { 1, 2, 2, 3 }[m]);
            await ChecksAsync(qa, hygiene, m == 1 ? people[few][..4] : people[few], failing: m);
            await ChecksAsync(qa, infusion, people[unmapped], failing: m);
        }

        await NextMonthAsync("CN");
        var hr = await App.SignInAsync("CNhr", Password);
        await ReadAsync<AnalysisResult>(await hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        (await CountAsync($"needs.need WHERE org_unit_id = '{levels}'")).Should().Be(0, "20 % → 40 % → 40 % → 60 % levels off for a month");
        (await CountAsync($"needs.need WHERE org_unit_id = '{few}'")).Should().Be(0, "0 % → 25 % → 40 % → 60 % rises, but one month had 4 checks, fewer than the rule's 5");
        (await CountAsync($"needs.need WHERE org_unit_id = '{unmapped}'")).Should().Be(0, "the infusion checklist maps to no training");

        await ReadAsync<MappingDto>(await hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklist", "CN-IV", course.Id, null)), HttpStatusCode.OK);
        await ReadAsync<AnalysisResult>(await hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        (await NeedsAsync(hr, course.Id)).Should().ContainSingle("mapped, the same checks call for training").Which.OrgUnitId.Should().Be(unmapped);
    }

    [Fact]
    public async Task The_running_month_is_judged_only_once_it_is_complete()
    {
        var a = await ActorsAsync("CR");
        var ward = await WardAsync(a, "CR-ICU", "重症医学科");
        string[] nurses = ["CR101", "CR102", "CR103", "CR104", "CR105"];
        foreach (var no in nurses)
        {
            await EmployeeAsync(a, no, ward);
        }

        var hygiene = await ChecklistAsync(a.Author, "CR-HH", "手卫生");
        var course = await CreateCourseAsync(a.Author, "CR-TRAIN", "手卫生规范培训", "classroom", requiresExam: false);
        await PublishAsync(a, course.Id);
        await ReadAsync<MappingDto>(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklist", "CR-HH", course.Id, null)), HttpStatusCode.OK);

        // Complete months 40 %, 0 %, 20 %, 40 %; the running month is at 60 %. Counting it would make three rises in a row.
        foreach (var failing in new[] { 2, 0, 1, 2, 3 })
        {
            await ChecksAsync(await NextMonthAsync("CR"), hygiene, nurses, failing);
        }

        var running = Today().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var hr = await App.SignInAsync("CRhr", Password);
        await ReadAsync<AnalysisResult>(await hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        (await NeedsAsync(hr, course.Id)).Should().BeEmpty("the running month is not judged yet");

        await NextMonthAsync("CR", day: 1);
        hr = await App.SignInAsync("CRhr", Password);
        await ReadAsync<AnalysisResult>(await hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        var need = (await NeedsAsync(hr, course.Id)).Should().ContainSingle("complete now, the month ends three rises: 0 % → 20 % → 40 % → 60 %").Subject;
        need.Why.Should().EndWith("0.00% → 20.00% → 40.00% → 60.00%");
        need.Evidence.EnumerateArray().Single().GetProperty("periods").EnumerateArray().Last().GetString().Should().Be(running);
    }

    [Fact]
    public async Task A_checklist_mapping_or_rule_with_a_bad_kind_or_missing_parts_is_refused_and_nothing_is_stored()
    {
        var a = await ActorsAsync("CB");
        var course = await CreateCourseAsync(a.Author, "CB-TRAIN", "手卫生规范培训", "classroom", requiresExam: false);
        await PublishAsync(a, course.Id);
        var mappings = await CountAsync("needs.mapping");
        var rules = await CountAsync("needs.rule");

        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklists", "CB-HH", course.Id, null)))).Should().Equal("kind");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklist", " ", course.Id, null)))).Should().Equal("key");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklist", "CB-HH", null, null)))).Should().Equal("courseId");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules", new RuleInput("x", "check_failure", "month", 3, 5, "minor", "high", 30, false)))).Should().Equal("kind");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules", new RuleInput("x", "check_failures", "month", 3, 0, "minor", "high", 30, false)))).Should().Equal("threshold");
        (await CountAsync("needs.mapping")).Should().Be(mappings);
        (await CountAsync("needs.rule")).Should().Be(rules);

        var mapping = await ReadAsync<MappingDto>(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklist", "CB-HH", course.Id, null)), HttpStatusCode.OK);
        mapping.Kind.Should().Be("checklist");
        (await CodeAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("checklist", "cb-hh", course.Id, null)), HttpStatusCode.Conflict)).Should().Be("mapping_exists");
        var builtIn = (await ReadAsync<List<RuleDto>>(await a.Hr.GetAsync("/api/v1/need-rules"), HttpStatusCode.OK)).Should().ContainSingle(r => r.Kind == "check_failures").Subject;
        builtIn.Should().Match<RuleDto>(r => r.Name == "监督检查不合格率上升 / Supervision check failures rising" && r.Period == "month" && r.Periods == 3 && r.Threshold == 5
            && r.Priority == "high" && r.DueDays == 30 && r.Active);
        (await a.Hr.GetStringAsync("/Needs/Rules")).Should().Contain("Supervision checklist").And.Contain("Supervision check failures rising");
    }

    private DateOnly Today() => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Moves the clock to 08:00 on a day of the next month and signs QA in again (a session lasts 10 hours).</summary>
    private async Task<HttpClient> NextMonthAsync(string prefix, int day = 10)
    {
        var now = App.Clock.GetUtcNow();
        var next = new DateTimeOffset(now.Year, now.Month, 1, 8, 0, 0, TimeSpan.Zero).AddMonths(1).AddDays(day - 1);
        App.Clock.Advance(next - now);
        return await App.SignInAsync(prefix + "qa1", Password);
    }

    /// <summary>One check of each person on a one-item checklist; the first <paramref name="failing"/> fail.</summary>
    private static async Task ChecksAsync(HttpClient qa, ChecklistDto checklist, IEnumerable<string> people, int failing)
    {
        var i = 0;
        foreach (var no in people)
        {
            await ReadAsync<CheckDto>(await qa.PostAsJsonAsync("/api/v1/supervision/checks",
                new CheckInput(checklist.Id, no, null, [new CheckItemInput(i++ >= failing, null, null)], null, false)), HttpStatusCode.Created);
        }
    }

    private static async Task<ChecklistDto> ChecklistAsync(HttpClient qa, string code, string title) =>
        await ReadAsync<ChecklistDto>(await qa.PostAsJsonAsync("/api/v1/supervision/checklists", new ChecklistInput(code, title, null, [title + "符合规范"])), HttpStatusCode.Created);

    private static Task<Guid> WardAsync(Actors a, string code, string name) =>
        PostIdAsync(a.Admin, "/api/v1/org-units", new { code, name, unitType = "ward", parentId = a.Org.Plant, functions = new[] { "production" } });

    private static Task<Guid> EmployeeAsync(Actors a, string no, Guid ward) =>
        PostIdAsync(a.Admin, "/api/v1/employees", new
        {
            employeeNo = no, name = "护士" + no, phone = (string?)null, email = (string?)null, orgUnitId = ward, positionId = a.Org.PositionA, managerId = (Guid?)null,
            shiftGroupId = (Guid?)null, hireDate = "2022-01-01",
        });

    private async Task ExitAsync(Guid employee)
    {
        var admin = await App.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var version = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/employees/{employee}")).GetProperty("version").GetInt32();
        (await admin.PostAsJsonAsync($"/api/v1/employees/{employee}/events", new { kind = "exit", effectiveOn = Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), version }))
            .EnsureSuccessStatusCode();
    }

    private static async Task<List<NeedDto>> NeedsAsync(HttpClient hr, Guid courseId)
    {
        var page = await ReadAsync<Page<NeedSummary>>(await hr.GetAsync("/api/v1/needs?source=check_failures&pageSize=200"), HttpStatusCode.OK);
        var needs = new List<NeedDto>();
        foreach (var summary in page.Items)
        {
            var need = await ReadAsync<NeedDto>(await hr.GetAsync($"/api/v1/needs/{summary.Id}"), HttpStatusCode.OK);
            if (need.CourseId == courseId)
            {
                needs.Add(need);
            }
        }

        return needs;
    }
}
