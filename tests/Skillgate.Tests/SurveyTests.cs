using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Training-preference surveys (员工需求调研): HR writes one and sends it to some units; the people there find it on their
/// home page, answer once on their phones, anonymously or by name; HR reads the results by unit and post, and an option people
/// chose becomes a training need naming who chose it.
/// </summary>
public sealed class SurveyTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task An_anonymous_survey_reaches_its_units_is_answered_once_and_keeps_no_link_to_the_person()
    {
        var a = await ActorsAsync("SV");
        var welder = await EmployeeUserAsync(a, "SVwelder", a.Org.EmployeeA);
        var fitter = await EmployeeUserAsync(a, "SVfitter", a.Org.EmployeeB);

        var surveys = await CountAsync("needs.survey");
        (await welder.PostAsJsonAsync("/api/v1/surveys", Survey(true, a.Org.Plant))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a worker does not write surveys");
        var bad = await a.Hr.PostAsJsonAsync("/api/v1/surveys", Survey(true, a.Org.Plant) with { Questions = [new SurveyQuestionInput("choice", "只有一个选项", ["唯一"])] });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a choice needs two options");
        (await CountAsync("needs.survey")).Should().Be(surveys, "a rejected survey leaves nothing behind");

        var draft = await ReadAsync<SurveyDto>(await a.Hr.PostAsJsonAsync("/api/v1/surveys", Survey(true, a.Org.Plant)), HttpStatusCode.Created);
        draft.Status.Should().Be("draft");
        draft.Questions.Select(q => q.Kind).Should().Equal("choice", "multi", "scale", "text");
        (await welder.GetFromJsonAsync<List<SurveyToAnswer>>("/api/v1/surveys/mine")).Should().BeEmpty("a draft is not sent");

        var sent = await ReadAsync<SurveyDto>(await a.Hr.PostAsync($"/api/v1/surveys/{draft.Id}/open?version={draft.Version}", null), HttpStatusCode.OK);
        sent.Status.Should().Be("open");
        sent.Invited.Should().Be(2, "the plant's two active employees are asked");
        (await a.Hr.PutAsJsonAsync($"/api/v1/surveys/{draft.Id}", Survey(true, a.Org.Plant) with { Version = sent.Version })).StatusCode.Should().Be(HttpStatusCode.Conflict, "a sent survey does not change");
        (await NotificationsAsync(null, "SVwelder")).Should().Be(1, "the invited are notified");

        var zh = await App.SignInAsync("SVwelder", Password, "zh-CN");
        var home = await zh.GetStringAsync("/");
        home.Should().Contain("data-testid=\"tile-surveys\"").And.Contain("培训需求调研").And.Contain($"/Needs/Surveys/Answer?id={sent.Id}");
        (await zh.GetStringAsync($"/Needs/Surveys/Answer?id={sent.Id}")).Should().Contain("本问卷匿名").And.Contain("新设备操作");

        var q = sent.Questions;
        var missing = await welder.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/responses", new SurveyResponseInput([new SurveyAnswerInput(q[0].Id, [0], null, null)]));
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the scale question is required");
        var outOfRange = await welder.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/responses", Answers(q, 0, [0], 6, null));
        outOfRange.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the scale goes to 5");
        (await outOfRange.Content.ReadAsStringAsync()).Should().Contain("1 to 5");
        (await CountAsync($"needs.survey_response WHERE survey_id = '{sent.Id}'")).Should().Be(0, "rejected answers store nothing");

        // The welder answers on the page, as on a phone; the fitter through the API.
        var page = await SkillgateFactory.PostFormAsync(zh, $"/Needs/Surveys/Answer?id={sent.Id}", new Dictionary<string, string>
        {
            ["id"] = sent.Id.ToString(), [$"k-{q[0].Id}"] = "choice", [$"q-{q[0].Id}"] = "0", [$"k-{q[1].Id}"] = "multi", [$"q-{q[1].Id}"] = "1",
            [$"k-{q[2].Id}"] = "scale", [$"q-{q[2].Id}"] = "4", [$"k-{q[3].Id}"] = "text", [$"q-{q[3].Id}"] = "希望多安排晚班后的短课",
        });
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/Needs/Surveys/Answer");
        (await CountAsync($"needs.survey_invite WHERE survey_id = '{sent.Id}' AND answered_on IS NOT NULL")).Should().Be(1, "the page's answer is stored");
        var done = await zh.GetStringAsync($"/Needs/Surveys/Answer?id={sent.Id}");
        done.Should().Contain("data-testid=\"survey-done\"", done[done.IndexOf("<main", StringComparison.Ordinal)..]);
        (await zh.GetStringAsync("/")).Should().NotContain("data-testid=\"tile-surveys\"", "nothing is left to answer");
        (await welder.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/responses", Answers(q, 1, [0], 3, null))).StatusCode.Should().Be(HttpStatusCode.Conflict, "one answer each");
        (await fitter.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/responses", Answers(q, 0, [0, 1], 2, "实操为主"))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // Nothing ties an anonymous answer to its person: no employee, a random (not time-ordered) id, no date.
        (await CountAsync($"needs.survey_response WHERE survey_id = '{sent.Id}' AND employee_id IS NULL AND submitted_on IS NULL")).Should().Be(2);
        (await CountAsync($"needs.survey_response WHERE survey_id = '{sent.Id}' AND substr(id::text, 15, 1) = '4'")).Should().Be(2, "random UUIDs (version 4)");
        (await CountAsync($"audit.event WHERE entity_type = 'survey' AND entity_id = '{sent.Id}' AND action = 'answered' AND after::text LIKE '%response%'")).Should().Be(0);

        var results = await a.Hr.GetFromJsonAsync<SurveyResults>($"/api/v1/surveys/{sent.Id}/results?by=unit");
        results!.Answered.Should().Be(2);
        results.Questions[0].All.OptionCounts.Should().Equal(2, 0, 0);
        results.Questions[1].All.OptionCounts.Should().Equal(1, 2, 0);
        results.Questions[2].All.ScaleMean.Should().Be(3.0);
        results.Questions[0].Groups.Should().ContainSingle("each workshop has one answer: below three, they are shown together")
            .Which.GroupId.Should().BeNull();
        results.Questions[3].Texts.Should().OnlyContain(t => t.Name == null && t.Group == "");
        var export = await a.Hr.GetAsync($"/api/v1/surveys/{sent.Id}/results/export?by=unit");
        export.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await export.Content.ReadAsByteArrayAsync()).Length.Should().BeGreaterThan(1000);

        // A head of workshop B reads the answers of workshop B only.
        await App.CreateUserAsync(a.Admin, "SVheadB", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var headB = await App.SignInAsync("SVheadB", Password);
        var theirs = await headB.GetFromJsonAsync<SurveyResults>($"/api/v1/surveys/{sent.Id}/results?by=unit");
        theirs!.Questions[0].All.OptionCounts.Sum().Should().Be(1, "one answer was given in workshop B");
        theirs.Questions[3].Texts.Select(t => t.Text).Should().Equal("实操为主");

        var need = await a.Hr.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/needs", new SurveyNeedInput(q[0].Id, 0, null, null, "medium", new DateOnly(2027, 1, 31)));
        need.StatusCode.Should().Be(HttpStatusCode.Created);
        var needId = (await need.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var made = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/needs/{needId}");
        made.GetProperty("source").GetString().Should().Be("survey");
        made.GetProperty("title").GetString().Should().Be("新设备操作");
        made.GetProperty("people").GetArrayLength().Should().Be(0, "an anonymous survey names no one");

        (await a.Hr.PostAsync($"/api/v1/surveys/{sent.Id}/close?version={sent.Version}", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var other = await EmployeeUserAsync(a, "SVlate", a.Org.EmployeeA);
        (await other.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/responses", Answers(q, 0, [0], 3, null))).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_named_survey_shows_who_wrote_what_by_post_and_its_need_names_those_who_chose()
    {
        var a = await ActorsAsync("SN");
        var welder = await EmployeeUserAsync(a, "SNwelder", a.Org.EmployeeA);
        var fitter = await EmployeeUserAsync(a, "SNfitter", a.Org.EmployeeB);
        var draft = await ReadAsync<SurveyDto>(await a.Hr.PostAsJsonAsync("/api/v1/surveys", Survey(false, a.Org.WorkshopA)), HttpStatusCode.Created);
        var sent = await ReadAsync<SurveyDto>(await a.Hr.PostAsync($"/api/v1/surveys/{draft.Id}/open?version={draft.Version}", null), HttpStatusCode.OK);
        sent.Invited.Should().Be(1, "only workshop A is asked");
        (await fitter.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/responses", Answers(sent.Questions, 0, [0], 3, null))).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "who was not asked cannot answer");
        (await welder.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/responses", Answers(sent.Questions, 0, [2], 5, "想学新焊机"))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var results = await a.Hr.GetFromJsonAsync<SurveyResults>($"/api/v1/surveys/{sent.Id}/results?by=position");
        results!.Questions[0].Groups.Should().ContainSingle().Which.Label.Should().Be("焊工");
        results.Questions[3].Texts.Should().ContainSingle().Which.Name.Should().Be("张伟");
        var zh = await App.SignInAsync("SNhr", Password, "zh-CN");
        (await zh.GetStringAsync($"/Needs/Surveys/Results?id={sent.Id}&by=position")).Should().Contain("按岗位").And.Contain("想学新焊机").And.Contain("焊工").And.NotContain("surveys.");

        var need = await a.Hr.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/needs", new SurveyNeedInput(sent.Questions[0].Id, 0, a.Org.WorkshopA, null, "high", new DateOnly(2027, 1, 31)));
        need.StatusCode.Should().Be(HttpStatusCode.Created);
        var needId = (await need.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/needs/{needId}")).GetProperty("people").EnumerateArray().Select(p => p.GetProperty("employeeId").GetGuid())
            .Should().Equal(a.Org.EmployeeA);
        (await a.Hr.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/needs", new SurveyNeedInput(sent.Questions[0].Id, 1, null, null, "high", new DateOnly(2027, 1, 31))))
            .StatusCode.Should().Be(HttpStatusCode.Conflict, "no one chose the second option");
        (await a.Hr.PostAsJsonAsync($"/api/v1/surveys/{sent.Id}/needs", new SurveyNeedInput(sent.Questions[2].Id, 0, null, null, "high", new DateOnly(2027, 1, 31))))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest, "a scale has no options to make a need of");
    }

    [Fact]
    public async Task HR_writes_a_survey_on_its_page_adds_a_question_and_sends_it_after_saving()
    {
        var a = await ActorsAsync("SP");
        await EmployeeUserAsync(a, "SPwelder", a.Org.EmployeeA);
        var hr = await App.SignInAsync("SPhr", Password, "zh-CN");
        var fields = new Dictionary<string, string>
        {
            ["Form.Title"] = "班组培训时间偏好", ["Form.Anonymous"] = "false", ["Form.OrgUnitIds"] = a.Org.WorkshopA.ToString(),
            ["Form.Questions[0].Kind"] = "choice", ["Form.Questions[0].Text"] = "您希望什么时间上课？", ["Form.Questions[0].Options"] = "白班前\n白班后\n周末",
            ["Form.Questions[0].Required"] = "true",
        };
        var added = await SkillgateFactory.PostFormAsync(hr, "/Needs/Surveys/Edit?handler=Add", fields, "/Needs/Surveys/Edit");
        (await added.Content.ReadAsStringAsync()).Should().Contain("第 2 题").And.Contain("您希望什么时间上课？", "the page keeps what was typed");

        var empty = await SkillgateFactory.PostFormAsync(hr, "/Needs/Surveys/Edit?handler=Save", new(fields) { ["Form.Title"] = "" }, "/Needs/Surveys/Edit");
        empty.StatusCode.Should().Be(HttpStatusCode.OK);
        (await empty.Content.ReadAsStringAsync()).Should().Contain("名称").And.Contain("必填");

        var saved = await SkillgateFactory.PostFormAsync(hr, "/Needs/Surveys/Edit?handler=Save", fields, "/Needs/Surveys/Edit");
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var id = Guid.Parse(saved.Headers.Location!.ToString().Split("id=")[1]);
        var draft = await a.Hr.GetFromJsonAsync<SurveyDto>($"/api/v1/surveys/{id}");
        draft!.Status.Should().Be("draft");
        draft.Questions.Single().Options.Should().Equal("白班前", "白班后", "周末");

        var sent = await SkillgateFactory.PostFormAsync(hr, "/Needs/Surveys/Edit?handler=Send", new(fields) { ["id"] = id.ToString(), ["Form.Version"] = draft.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/Needs/Surveys/Edit?id={id}");
        sent.Headers.Location!.ToString().Should().Contain($"/Needs/Surveys/Results?id={id}");
        (await a.Hr.GetFromJsonAsync<SurveyDto>($"/api/v1/surveys/{id}"))!.Invited.Should().Be(1);
        (await hr.GetStringAsync("/Needs/Surveys")).Should().Contain("班组培训时间偏好").And.Contain("收集中");
    }

    private static SurveyInput Survey(bool anonymous, Guid unit) => new(
        "培训需求调研 2027", "请花两分钟告诉我们您想学什么。", anonymous, [unit], null, null,
        [
            new SurveyQuestionInput("choice", "您最需要哪类培训？", ["新设备操作", "质量控制", "安全规程"]),
            new SurveyQuestionInput("multi", "您喜欢哪些形式？", ["现场实操", "短视频", "课堂讲授"]),
            new SurveyQuestionInput("scale", "现有培训对工作的帮助有多大？", null),
            new SurveyQuestionInput("text", "还有什么建议？", null, Required: false),
        ]);

    private static SurveyResponseInput Answers(IReadOnlyList<SurveyQuestionDto> q, int choice, int[] multi, int scale, string? text) => new(
    [
        new SurveyAnswerInput(q[0].Id, [choice], null, null), new SurveyAnswerInput(q[1].Id, multi, null, null),
        new SurveyAnswerInput(q[2].Id, null, scale, null), new SurveyAnswerInput(q[3].Id, null, null, text),
    ]);
}
