using System.Net;
using System.Net.Http.Json;
using System.Text;
using FluentAssertions;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Performance;

/// <summary>
/// The loop's other KPIs from the records the modules publish: workflow steps and CAPAs against their time limits (an SLA
/// breach counts against the department that ran late), inspectors' missed inspections, training attendance and completion,
/// and qualification coverage. Expected values are counted by hand from the records each test makes.
/// </summary>
public sealed class LoopKpiTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_step_past_its_limit_counts_against_the_department_holding_its_function_and_capas_against_qa()
    {
        var a = await ActorsAsync("KW");
        var line = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KW-L1", name = "焊接一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        var qaLab = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KW-QA", name = "质检实验室", unitType = "office", parentId = a.Org.Plant, functions = new[] { "qa" } });
        var sales = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KW-SAL", name = "销售部", unitType = "office", parentId = a.Org.Plant, functions = new[] { "sales" } });
        await PublishAsync(a, "CAPA-KW", S("file", "HR", "sales", null), S("investigate", "QA", "qa", 4), S("contain", "HR", "production", 4), S("confirm", "HR", "sales", 8));
        await PublishAsync(a, "GEN-KW", S("start", "HR", "hr", null), S("check", "QA", "qa", 1));

        // t0: three CAPAs and one other workflow start; each start completes its first step, which has no limit.
        var late = await StartAsync(a.Hr, "CAPA-KW", line);
        var open = await StartAsync(a.Hr, "CAPA-KW", line);
        var quick = await StartAsync(a.Hr, "CAPA-KW", line);
        var other = await StartAsync(a.Hr, "GEN-KW", line);
        App.Clock.Advance(TimeSpan.FromHours(1));
        quick = await CompleteAsync(a.Author, quick);   // investigate, due t0+4h: on time
        quick = await CompleteAsync(a.Hr, quick);       // contain, due t0+5h: on time
        quick = await CompleteAsync(a.Hr, quick);       // confirm, due t0+9h: on time; the CAPA closes on time
        quick.Status.Should().Be("completed");
        App.Clock.Advance(TimeSpan.FromHours(1));
        late = await CompleteAsync(a.Author, late);     // investigate at t0+2h: on time
        other = await CompleteAsync(a.Author, other);   // check, due t0+1h, done t0+2h: late, but not a CAPA
        App.Clock.Advance(TimeSpan.FromHours(6));
        late = await CompleteAsync(a.Hr, late);         // contain, due t0+6h, done t0+8h: late — production's SLA breach
        late = await CompleteAsync(a.Hr, late);         // confirm, due t0+16h: on time; the CAPA closes late
        late.Status.Should().Be("completed");
        other.Status.Should().Be("completed");
        (await CountAsync($"workflow.sla_breach WHERE instance_id = '{late.Id}' AND function = 'production'")).Should().Be(1);
        // open: investigate was due at t0+4h and is still open at t0+8h — overdue, and the CAPA late from that day on.

        var steps = await DefineAsync(a.Hr, "KW-STEPS", "step_timeliness", "higher", "org_unit", null, 95m);
        var complaints = await DefineAsync(a.Hr, "KW-COMPLAINTS", "complaint_timeliness", "higher", "org_unit", null, 95m);
        var capas = await DefineAsync(a.Hr, "KW-CAPA", "capa_on_time", "higher", "org_unit", "qa", 90m);
        var november = await ComputeAsync(a.Hr, new DateOnly(2026, 11, 1));
        var scores = await ScoresAsync(a.Hr, november);

        Value(scores, steps, qaLab).Should().Be(50m, "QA's steps due: three investigations (two on time, one overdue) and the other workflow's late check");
        Value(scores, steps, line).Should().Be(50m, "production's containments due: the quick one on time, the late one two hours late");
        Value(scores, steps, sales).Should().Be(100m, "sales' confirmations were both on time; filing has no limit");
        Value(scores, complaints, qaLab).Should().BeApproximately(66.6667m, 0.0001m, "only CAPA workflows are complaint handling: two of three investigations on time");
        Value(scores, capas, qaLab).Should().BeApproximately(33.3333m, 0.0001m, "one CAPA closed on time, one closed late, one still open past a limit");
        scores.Should().NotContain(s => s.DefinitionId == capas.Id && s.SubjectId == line, "CAPAs count against QA, not the unit they were raised in");

        var production = scores.Single(s => s.DefinitionId == steps.Id && s.SubjectId == line);
        var drill = await ReadAsync<KpiDrillDown>(await a.Hr.GetAsync($"/api/v1/kpi/scores/{production.Id}"), HttpStatusCode.OK);
        drill.Records.Select(r => (r.Kind, r.Cause)).Should().BeEquivalentTo([("step", "on_time"), ("step", "late")]);
        (drill.SumNumerator, drill.SumDenominator).Should().Be((production.Numerator, production.Denominator));
        var zh = await App.SignInAsync("KWhr", Password, "zh-CN");
        var page = await zh.GetStringAsync($"/Performance/Scores/Score?id={production.Id}");
        page.Should().Contain("超时完成").And.Contain("流程步骤");
    }

    [Fact]
    public async Task Attendance_completion_and_coverage_read_the_sessions_and_the_qualification_history()
    {
        var a = await ActorsAsync("KT");
        var document = await CreateDocumentAsync(a, "KT-SOP", "焊接规程");
        var version = await ReleaseVersionAsync(a, document, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = document })).EnsureSuccessStatusCode();
        var attendance = await DefineAsync(a.Hr, "KT-ATTEND", "attendance_rate", "higher", "org_unit", null, 95m);
        var completion = await DefineAsync(a.Hr, "KT-DONE", "training_completion", "higher", "org_unit", null, 90m);
        var coverage = await DefineAsync(a.Hr, "KT-COVER", "qualification_coverage", "higher", "person", null, 100m);
        var november = await ComputeAsync(a.Hr, new DateOnly(2026, 11, 1));
        Value(await ScoresAsync(a.Hr, november), coverage, a.Org.EmployeeA).Should().Be(0m, "the welder's requirement is not yet trained");

        var course = await ClassroomCourseAsync(a, "KT-CLS", version);
        var session = await SessionOfTwoAsync(a, course, "焊接规程课堂", App.Clock.GetUtcNow());
        (await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/attendance", new MarkInput(a.Org.EmployeeA, "in", "讲师签到"))).EnsureSuccessStatusCode();
        App.Clock.Advance(TimeSpan.FromMinutes(115));
        (await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/attendance", new MarkInput(a.Org.EmployeeA, "out", "讲师签退"))).EnsureSuccessStatusCode();
        await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK);
        Value(await ScoresAsync(a.Hr, await ComputeAsync(a.Hr, november.StartsOn)), attendance, a.Org.WorkshopA).Should().BeNull("a session counts once it has ended");

        App.Clock.Advance(TimeSpan.FromMinutes(10));
        var scores = await ScoresAsync(a.Hr, await ComputeAsync(a.Hr, november.StartsOn));
        Value(scores, attendance, a.Org.WorkshopA).Should().Be(100m, "the welder, at home in workshop A, checked in");
        Value(scores, attendance, a.Org.WorkshopB).Should().Be(0m, "the fitter, at home in workshop B, was invited and never came");
        Value(scores, attendance, a.Org.Plant).Should().Be(50m);
        Value(scores, completion, a.Org.WorkshopA).Should().Be(100m);
        Value(scores, completion, a.Org.WorkshopB).Should().Be(0m);
        Value(scores, coverage, a.Org.EmployeeA).Should().Be(100m, "the session's completion qualified the welder");

        var absent = scores.Single(s => s.DefinitionId == attendance.Id && s.SubjectId == a.Org.WorkshopB);
        var drill = await ReadAsync<KpiDrillDown>(await a.Hr.GetAsync($"/api/v1/kpi/scores/{absent.Id}"), HttpStatusCode.OK);
        drill.Records.Should().ContainSingle().Which.Should().Match<KpiRecordDto>(r => r.Kind == "attendance" && r.Cause == "absent" && r.Employee == "李娜");
    }

    [Fact]
    public async Task A_batch_released_and_later_found_defective_or_complained_about_is_the_inspectors_missed_inspection()
    {
        var a = await ActorsAsync("KM");
        await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KM-L1", name = "焊接一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        var qa = a.Author;
        var counts = new[] { "KM-B1", "KM-B2", "KM-B3" }.Select((b, i) => new CountInput("KM-C" + i, b, "支架", "KM-L1", null, null, new DateOnly(2026, 11, 10 + i), 500, 0, null)).ToArray();
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/counts", counts), HttpStatusCode.OK);

        // Bad input is refused as a whole, by item and field, and the wrong role may not record releases.
        var bad = new[]
        {
            new BatchReleaseInput("KM-X1", "KM-NOPE", "KM2001", new DateOnly(2026, 11, 10), 500),
            new BatchReleaseInput("KM-X2", "KM-B1", "KM9999", new DateOnly(2026, 11, 10), 500),
            new BatchReleaseInput("KM-X3", "KM-B1", "KM2001", null, 0),
        };
        (await ErrorFieldsAsync(await qa.PostAsJsonAsync("/api/v1/quality/batch-releases", bad)))
            .Should().BeEquivalentTo(["[0].batch", "[1].employeeNo", "[2].releasedOn", "[2].quantity"]);
        (await a.Hr.PostAsJsonAsync("/api/v1/quality/batch-releases", new[] { new BatchReleaseInput("KM-R1", "KM-B1", "KM2001", new DateOnly(2026, 11, 10), 500) }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CountAsync("quality.batch_release")).Should().Be(0);

        var releases = new[]
        {
            new BatchReleaseInput("KM-R1", "KM-B1", "KM2001", new DateOnly(2026, 11, 10), 500),
            new BatchReleaseInput("KM-R2", "KM-B2", "KM2001", new DateOnly(2026, 11, 11), 500),
        };
        (await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/batch-releases", releases), HttpStatusCode.OK)).Stored.Should().Be(2);
        var csv = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("外部编号,批次,检验员工号,放行日期,数量\nKM-R3,KM-B3,KM1001,2026-11-12,500\n")), "file", "releases.csv" } };
        (await ReadAsync<IngestResult>(await qa.PostAsync("/api/v1/quality/files/releases", csv), HttpStatusCode.OK)).Stored.Should().Be(1);
        (await qa.GetAsync("/api/v1/quality/files/releases/template")).StatusCode.Should().Be(HttpStatusCode.OK);

        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/defects", new[]
        {
            new DefectInput("KM-D1", "KM-B1", "KM-L1", null, "裂纹", 3, "man", null, new DateOnly(2026, 11, 10)),
            new DefectInput("KM-D2", "KM-B2", "KM-L1", null, "裂纹", 2, "man", null, new DateOnly(2026, 11, 15)),
        }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/complaints", new[]
        {
            new ComplaintInput("KM-CC1", "客户A", "KM-B3", "裂纹", "装车前发现裂纹", "major", new DateOnly(2026, 11, 20)),
        }), HttpStatusCode.OK);

        var missed = await DefineAsync(a.Hr, "KM-MISSED", "missed_inspection_rate", "lower", "person", null, 0m);
        var scores = await ScoresAsync(a.Hr, await ComputeAsync(a.Hr, new DateOnly(2026, 11, 1)));
        Value(scores, missed, a.Org.EmployeeB).Should().Be(50m, "B1's defect was found the day it was released (inspection found it); B2's four days later escaped");
        Value(scores, missed, a.Org.EmployeeA).Should().Be(100m, "a customer complained about the one batch A released");
        var records = await ReadAsync<Page<QualityRecordRow>>(await qa.GetAsync("/api/v1/quality/records/releases?q=KM-B2"), HttpStatusCode.OK);
        records.Items.Should().ContainSingle().Which.Who.Should().Contain("李娜");
    }

    private static StepDef S(string key, string role, string function, decimal? hours) =>
        new(key, key, key, role, function, hours, "calendar", [], [], false, ["approve"], [], null, [], []);

    private static async Task PublishAsync(Actors a, string code, params StepDef[] steps)
    {
        await ReadAsync<DefinitionDto>(await a.Author.PostAsJsonAsync("/api/v1/workflow/definitions", new NewDefinitionInput(code, "流程 " + code, "Flow " + code)), HttpStatusCode.OK);
        (await a.Author.PutAsJsonAsync($"/api/v1/workflow/definitions/{code}/draft", new DraftInput(steps))).EnsureSuccessStatusCode();
        (await a.Author.PostAsync($"/api/v1/workflow/definitions/{code}/publish", null)).EnsureSuccessStatusCode();
    }

    private static async Task<InstanceDto> StartAsync(HttpClient who, string code, Guid unit) =>
        await ReadAsync<InstanceDto>(await who.PostAsJsonAsync("/api/v1/workflow/instances", new StartInput(code, unit, "标题 " + code, null, null)), HttpStatusCode.OK);

    private static async Task<InstanceDto> CompleteAsync(HttpClient who, InstanceDto instance) =>
        await ReadAsync<InstanceDto>(await who.PostAsJsonAsync(
            $"/api/v1/workflow/instances/{instance.Id}/tasks/{instance.Tasks.Single(t => t.Status == "open").Id}/complete",
            new CompleteInput("approve", new Dictionary<string, string?>(), null, null)), HttpStatusCode.OK);

    private static async Task<KpiDefinitionDto> DefineAsync(HttpClient hr, string code, string metric, string direction, string level, string? function, decimal target) =>
        await ReadAsync<KpiDefinitionDto>(await hr.PostAsJsonAsync("/api/v1/kpi/definitions", new KpiDefinitionInput(code,
            new KpiVersionInput("指标 " + code, "KPI " + code, metric, direction, "percent", "month", level, function, target, new DateOnly(2026, 1, 1), null))), HttpStatusCode.OK);

    /// <summary>The month's period (created the first time) computed as of now.</summary>
    private static async Task<KpiPeriodDto> ComputeAsync(HttpClient hr, DateOnly month)
    {
        var periods = await ReadAsync<Page<KpiPeriodDto>>(await hr.GetAsync("/api/v1/kpi/periods?pageSize=200"), HttpStatusCode.OK);
        var period = periods.Items.FirstOrDefault(p => p.Kind == "month" && p.StartsOn == month)
            ?? await ReadAsync<KpiPeriodDto>(await hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", month)), HttpStatusCode.OK);
        await ReadAsync<KpiComputeResult>(await hr.PostAsync($"/api/v1/kpi/periods/{period.Id}/compute", null), HttpStatusCode.OK);
        return period;
    }

    private static async Task<IReadOnlyList<KpiScoreDto>> ScoresAsync(HttpClient hr, KpiPeriodDto period) =>
        (await ReadAsync<Page<KpiScoreDto>>(await hr.GetAsync($"/api/v1/kpi/scores?periodId={period.Id}&pageSize=200"), HttpStatusCode.OK)).Items;

    private static decimal? Value(IReadOnlyList<KpiScoreDto> scores, KpiDefinitionDto definition, Guid subject) =>
        scores.SingleOrDefault(s => s.DefinitionId == definition.Id && s.SubjectId == subject)?.Value;
}
