using Skillgate.Platform.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Plant data in, the trace settles responsibility, and quality signals become training needs (the welding, audit and capsule stories).</summary>
public sealed class QualityTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Welding_defects_rising_three_months_on_W2_give_exactly_one_need_for_exactly_W2s_welders()
    {
        var a = await ActorsAsync("WD");
        var w1 = await UnitAsync(a.Admin, "WD-W1", "焊接一线", "line", a.Org.WorkshopA);
        var w2 = await UnitAsync(a.Admin, "WD-W2", "焊接二线", "line", a.Org.WorkshopA);
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "WD-WELD", name = "焊接", orgUnitId = a.Org.WorkshopA });
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "WD-INSP", name = "终检", orgUnitId = a.Org.WorkshopA });
        var w2Welders = new[] { "WD301", "WD302", "WD303" };
        var w1Welders = new[] { "WD101", "WD102" };
        foreach (var no in w2Welders.Concat(w1Welders).Append("WD309"))
        {
            await EmployeeAsync(a.Admin, no, a.Org.WorkshopA, a.Org.PositionA);
        }

        var course = await CreateCourseAsync(a.Author, "WD-TRAIN", "焊接培训", "classroom", requiresExam: false);
        await PublishAsync(a, course.Id);
        await ReadAsync<MappingDto>(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("defect_type", "WD-POROSITY", course.Id, null)), HttpStatusCode.OK);

        // July to October 2026: W2 rises every month (1.0 → 1.5 → 2.0 → 2.6 %), W1 stays at 1.0 %.
        var rates = new Dictionary<string, int[]> { ["WD-W1"] = [100, 100, 100, 100], ["WD-W2"] = [100, 150, 200, 260] };
        var counts = new List<CountInput>();
        var defects = new List<DefectInput>();
        var operations = new List<OperationRecordInput>();
        foreach (var (line, perMonth) in rates)
        {
            for (var m = 0; m < 4; m++)
            {
                var month = new DateOnly(2026, 7 + m, 1);
                var batch = $"{line}-2026{7 + m:00}";
                counts.Add(new CountInput($"C-{batch}", batch, "支架", line, "WD-WELD", null, month.AddDays(14), 10_000, 50, null));
                defects.Add(new DefectInput($"D-{batch}", batch, line, "WD-WELD", "WD-POROSITY", perMonth[m], "man", null, month.AddDays(20)));
                var welders = line == "WD-W2" ? w2Welders : w1Welders;
                operations.AddRange(welders.Select(no => new OperationRecordInput(
                    $"O-{batch}-{no}", batch, "支架", line, "WD-WELD", "WC-1", no, new DateTimeOffset(month.AddDays(10).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), null)));
                if (line == "WD-W2")
                {
                    operations.Add(new OperationRecordInput($"O-{batch}-WD309", batch, "支架", line, "WD-INSP", null, "WD309", new DateTimeOffset(month.AddDays(11).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), null));
                }
            }
        }

        var qa = a.Author;
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/operation-records", operations), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/counts", counts), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/defects", defects), HttpStatusCode.OK);

        await ReadAsync<AnalysisResult>(await a.Hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        var needs = await NeedsForAsync(a.Hr, course.Id);
        needs.Should().ContainSingle("the trend and the control chart both point at W2's welding and join one need");
        var need = needs[0];
        need.OrgUnitId.Should().Be(w2);
        need.Title.Should().Be("焊接培训");
        need.People.Select(p => p.EmployeeNo).Should().BeEquivalentTo(w2Welders, "W2's welders, not its inspector and not W1's welders");
        need.Why.Should().Contain("WD-W2").And.Contain("1.00% → 1.50% → 2.00% → 2.60%");
        need.Evidence.ValueKind.Should().Be(JsonValueKind.Array, "the evidence is JSON, not a string holding JSON");
        need.Evidence.EnumerateArray().Should().Contain(e => e.GetProperty("source").GetString() == "trend" && e.GetProperty("values").GetArrayLength() == 4);
        need.DueOn.Should().Be(new DateOnly(2026, 12, 21));
        needs.Should().NotContain(n => n.OrgUnitId == w1);

        (await ReadAsync<AnalysisResult>(await a.Hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK)).NeedsCreated.Should().Be(0, "signals are taken once");
        (await NeedsForAsync(a.Hr, course.Id)).Should().ContainSingle();
        var needsSheet = ExcelSheet.Read(await a.Hr.GetByteArrayAsync("/api/v1/needs/export?status=open"));
        needsSheet.Rows.Should().Contain(r => r[0] == "焊接培训" && r[5] == "2026-12-21", "the due date is a typed date cell");
        var metricsSheet = ExcelSheet.Read(await a.Hr.GetByteArrayAsync("/api/v1/quality/metrics/export?dimension=line&period=month&from=2026-07-01&to=2026-10-31"));
        metricsSheet.Rows.Should().Contain(r => r[0] == "WD-W2 焊接二线" && r[1] == "2026-10-01" && r[3] == "260");

        // HR takes it into a plan; a second decision is refused; production may read but not decide.
        var production = await UserAsync(a, "WDprod", "ProductionManager");
        (await production.GetAsync($"/api/v1/needs/{need.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await production.PostAsJsonAsync($"/api/v1/needs/{need.Id}/reject", new RejectNeedInput("不需要"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var plan = await ReadAsync<PlanDto>(await a.Hr.PostAsJsonAsync("/api/v1/plans", new PlanInput("焊接车间 2026 Q4", "quarter", new DateOnly(2026, 10, 1), a.Org.WorkshopA, 10_000)), HttpStatusCode.Created);
        var accepted = await ReadAsync<NeedDto>(await a.Hr.PostAsJsonAsync($"/api/v1/needs/{need.Id}/accept", new AcceptNeedInput(plan.Id, null)), HttpStatusCode.OK);
        accepted.Status.Should().Be("accepted");
        accepted.PlanId.Should().Be(plan.Id);
        var item = (await ReadAsync<PlanDto>(await a.Hr.GetAsync($"/api/v1/plans/{plan.Id}"), HttpStatusCode.OK)).Items.Should().ContainSingle().Subject;
        item.CourseId.Should().Be(course.Id);
        item.Participants.Should().Be(3);
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/needs/{need.Id}/reject", new RejectNeedInput("重复")), HttpStatusCode.Conflict)).Should().Be("need_decided");
        (await CountAsync($"audit.event WHERE entity_type = 'need' AND entity_id = '{need.Id}'")).Should().BeGreaterThanOrEqualTo(2);

        // The same data as metrics: W2's October point breaks rule 1 of its p-chart, W1 stays in control.
        var metrics = await ReadAsync<List<MetricRow>>(await production.GetAsync("/api/v1/quality/metrics?dimension=line&period=month&from=2026-07-01&to=2026-10-31"), HttpStatusCode.OK);
        metrics.Single(m => m.GroupId == w2 && m.Period == new DateOnly(2026, 10, 1)).DefectRate.Should().BeApproximately(0.026, 1e-9);
        metrics.Single(m => m.GroupId == w1 && m.Period == new DateOnly(2026, 10, 1)).Ppm.Should().BeApproximately(10_000, 1e-6);
        var chart = await ReadAsync<List<ControlPoint>>(await production.GetAsync($"/api/v1/quality/metrics/chart?group={w2}&dimension=line&period=month&from=2026-07-01&to=2026-10-31"), HttpStatusCode.OK);
        chart.Select(p => p.Rules.Count > 0).Should().Equal([false, false, true, true], "the limits come from the stable start (1.00 %, 1.50 %), so the start is not flagged and the rise is");
        chart.Select(p => p.InBaseline).Should().Equal(true, true, false, false);
        chart[^1].Rules.Should().Contain(1);
        (await ReadAsync<List<ControlPoint>>(await production.GetAsync($"/api/v1/quality/metrics/chart?group={w1}&dimension=line&period=month&from=2026-07-01&to=2026-10-31"), HttpStatusCode.OK))
            .Should().OnlyContain(p => p.Rules.Count == 0);
        (await ErrorFieldsAsync(await production.GetAsync("/api/v1/quality/metrics?dimension=colour&period=year&from=2026-07-01&to=2026-01-31"))).Should().BeEquivalentTo(["dimension", "period", "to"]);
        (await production.GetStringAsync("/Quality/Metrics?dimension=line&period=month&from=2026-07-01&to=2026-10-31")).Should().Contain("WD-W2").And.Contain("2.60%");
    }

    [Fact]
    public async Task A_failed_supervision_check_raises_a_need_and_covers_the_operator_in_the_trace()
    {
        var a = await ActorsAsync("SC");
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "SC-WELD", name = "焊接", orgUnitId = a.Org.WorkshopA });
        var at = App.Clock.GetUtcNow().AddHours(-2);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/operation-records", new[]
        {
            new OperationRecordInput("SC-O1", "SC-B1", "支架", null, "SC-WELD", null, "SC1001", at, at.AddHours(1)),
        }), HttpStatusCode.OK);
        var checklist = await ReadAsync<ChecklistDto>(await a.Author.PostAsJsonAsync("/api/v1/supervision/checklists",
            new ChecklistInput("SC-CL", "焊接岗位监督检查", "SC-WELD", ["按作业指导书设定电流", "佩戴防护面罩", "首件自检记录"])), HttpStatusCode.Created);
        (await a.Hr.PostAsJsonAsync("/api/v1/supervision/checks", new CheckInput(checklist.Id, "SC1001", "SC-B1", [], null, false))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "QA runs the checks");
        (await ErrorFieldsAsync(await a.Author.PostAsJsonAsync("/api/v1/supervision/checks",
            new CheckInput(checklist.Id, "NOBODY", "NO-BATCH", [new CheckItemInput(true, null, null)], null, false)))).Should().BeEquivalentTo(["employeeNo", "batch", "items"]);
        (await CountAsync("quality.supervision_check")).Should().Be(0);
        (await ErrorFieldsAsync(await a.Author.PostAsJsonAsync("/api/v1/supervision/checks", new CheckInput(checklist.Id, "SC1001", "SC-B1",
            [new CheckItemInput(true, null, null), new CheckItemInput(null, null, null), new CheckItemInput(true, null, null)], null, false)))).Should().BeEquivalentTo(["items[1]"], "every item needs an answer");
        (await CountAsync("quality.supervision_check")).Should().Be(0);
        var form = await a.Author.GetStringAsync($"/Quality/Checks/Perform?checklistId={checklist.Id}");
        form.Should().NotMatchRegex("name=\"pass\\d+\"[^>]*checked", "the checker chooses each item's result; nothing is preset");

        var check = await ReadAsync<CheckDto>(await a.Author.PostAsJsonAsync("/api/v1/supervision/checks", new CheckInput(checklist.Id, "SC1001", "SC-B1",
            [new CheckItemInput(true, null, null), new CheckItemInput(false, "未戴面罩", null), new CheckItemInput(true, null, null)], "现场纠正", true)), HttpStatusCode.Created);
        check.Passed.Should().BeFalse();
        check.Items[1].Should().Be(new CheckItemResult("佩戴防护面罩", false, "未戴面罩", null));

        var needs = await ReadAsync<Page<NeedSummary>>(await a.Hr.GetAsync("/api/v1/needs?source=supervision"), HttpStatusCode.OK);
        var need = await ReadAsync<NeedDto>(await a.Hr.GetAsync($"/api/v1/needs/{needs.Items.Should().ContainSingle().Subject.Id}"), HttpStatusCode.OK);
        need.People.Should().ContainSingle().Which.EmployeeNo.Should().Be("SC1001");
        need.Why.Should().Contain("佩戴防护面罩");

        var trace = await ReadAsync<BatchTrace>(await a.Hr.GetAsync("/api/v1/trace/batches/SC-B1"), HttpStatusCode.OK);
        trace.Operations.Single().Checks.Should().ContainSingle().Which.Passed.Should().BeFalse();
        (await a.Author.GetStringAsync("/Quality/Checks")).Should().Contain("SC-CL").And.Contain("SC1001");
        (await a.Author.GetStringAsync($"/Quality/Checks/Perform?checklistId={checklist.Id}")).Should().Contain("佩戴防护面罩");
    }

    [Fact]
    public async Task An_audit_finding_on_clause_8_5_1_gives_the_assembly_workshops_operators_the_process_control_course()
    {
        var a = await ActorsAsync("AF");
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "AF-ASM", name = "总装", orgUnitId = a.Org.WorkshopB });
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "AF-WELD", name = "焊接", orgUnitId = a.Org.WorkshopA });
        await EmployeeAsync(a.Admin, "AF2002", a.Org.WorkshopB, a.Org.PositionB);
        var course = await CreateCourseAsync(a.Author, "AF-PC", "过程控制（ISO 9001 8.5.1）", "classroom", requiresExam: false);
        await PublishAsync(a, course.Id);
        await ReadAsync<MappingDto>(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("clause", "8.5", course.Id, null)), HttpStatusCode.OK);
        var at = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var worked = new[]
        {
            new OperationRecordInput("AF-O1", "AF-B1", "控制器", null, "AF-ASM", null, "AF2001", at, at.AddHours(2)),
            new OperationRecordInput("AF-O2", "AF-B1", "控制器", null, "AF-ASM", null, "AF2002", at, at.AddHours(2)),
            new OperationRecordInput("AF-O3", "AF-B2", "支架", null, "AF-WELD", null, "AF1001", at, at.AddHours(2)),
        };
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/operation-records", worked), HttpStatusCode.OK);
        var finding = new FindingInput("AF-IA-1", "内审 2026-11", "8.5.1", "总装工位未按作业指导书控制扭矩", "AF-WB", "major", new DateOnly(2026, 11, 18));
        (await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/audit-findings", new[] { finding }), HttpStatusCode.OK)).Stored.Should().Be(1);

        await ReadAsync<AnalysisResult>(await a.Hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        var need = (await NeedsForAsync(a.Hr, course.Id)).Should().ContainSingle().Subject;
        need.Source.Should().Be("audit_clause");
        need.OrgUnitId.Should().Be(a.Org.WorkshopB);
        need.People.Select(p => p.EmployeeNo).Should().BeEquivalentTo(["AF2001", "AF2002"], "the assembly workshop's operators, not the welders");
        need.Why.Should().Contain("8.5.1").And.Contain("扭矩");
        need.DueOn.Should().Be(new DateOnly(2026, 12, 18));

        (await a.Hr.PostAsJsonAsync($"/api/v1/needs/{need.Id}/reject", new RejectNeedInput(" "))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var rejected = await ReadAsync<NeedDto>(await a.Hr.PostAsJsonAsync($"/api/v1/needs/{need.Id}/reject", new RejectNeedInput("已在 10 月培训")), HttpStatusCode.OK);
        rejected.Status.Should().Be("rejected");
        rejected.DecisionReason.Should().Be("已在 10 月培训");
        await ReadAsync<AnalysisResult>(await a.Hr.PostAsync("/api/v1/needs/analysis", null), HttpStatusCode.OK);
        (await NeedsForAsync(a.Hr, course.Id)).Should().ContainSingle("a rejected need does not come back for the same finding");
    }

    [Fact]
    public async Task The_batch_trace_shows_the_capsule_operator_as_not_qualified_at_the_time_even_after_they_qualify()
    {
        var a = await ActorsAsync("CT");
        var sop = await CreateDocumentAsync(a, "SOP-CT", "胶囊填充工艺规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        var operation = await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "CT-FILL", name = "胶囊填充", orgUnitId = a.Org.WorkshopA });
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { operationId = operation, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v1, completedOn = "2026-11-01" })).EnsureSuccessStatusCode();
        var v2 = await ReleaseVersionAsync(a, sop, "major");
        (await a.Approver.PostAsJsonAsync("/api/v1/overrides", new { employeeId = a.Org.EmployeeA, operationId = operation, reason = "试产期间顶岗", expiresAt = "2026-11-22T00:00:00Z", password = Password, meaning = "批准临时上岗" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await a.Hr.PostAsJsonAsync($"/api/v1/operations/{operation}/assignments", new { employeeId = a.Org.EmployeeA })).EnsureSuccessStatusCode();

        var during = App.Clock.GetUtcNow().AddHours(1);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/operation-records", new[]
        {
            new OperationRecordInput("CT-O1", "CT-B1", "阿莫西林胶囊", null, "CT-FILL", "FILL-2", "CT1001", during, during.AddHours(4)),
        }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/complaints", new[]
        {
            new ComplaintInput("CT-C1", "华东医药", "CT-B1", "装量差异", "胶囊装量不足", "critical", new DateOnly(2026, 11, 21)),
        }), HttpStatusCode.OK);

        App.Clock.Advance(TimeSpan.FromHours(8));
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v2, completedOn = "2026-11-21" })).EnsureSuccessStatusCode();
        var after = App.Clock.GetUtcNow().AddHours(1);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/operation-records", new[]
        {
            new OperationRecordInput("CT-O2", "CT-B2", "阿莫西林胶囊", null, "CT-FILL", "FILL-2", "CT1001", after, null),
        }), HttpStatusCode.OK);

        var trace = await ReadAsync<BatchTrace>(await a.Hr.GetAsync("/api/v1/trace/batches/CT-B1"), HttpStatusCode.OK);
        var op = trace.Operations.Should().ContainSingle().Subject;
        op.EmployeeNo.Should().Be("CT1001");
        op.QualifiedThen.Should().BeFalse("at the time of the operation the operator was trained only on v1");
        var unmet = op.Requirements.Should().ContainSingle().Subject;
        unmet.Status.Should().Be("retraining_required");
        unmet.Requirement.Should().Contain("SOP-CT");
        unmet.TrainedOnVersion.Should().Be("SOP-CT v1.0");
        op.OverrideThen.Should().Be("试产期间顶岗");
        trace.Complaints.Should().ContainSingle().Which.Customer.Should().Be("华东医药");

        var later = await ReadAsync<BatchTrace>(await a.Hr.GetAsync("/api/v1/trace/batches/CT-B2"), HttpStatusCode.OK);
        later.Operations.Single().QualifiedThen.Should().BeTrue();
        later.Operations.Single().Requirements.Single().TrainedOnVersion.Should().Be("SOP-CT v2.0");

        var person = await ReadAsync<EmployeeTrace>(await a.Hr.GetAsync($"/api/v1/trace/employees/{a.Org.EmployeeA}?from=2026-11-01&to=2026-11-30"), HttpStatusCode.OK);
        person.Operations.Select(o => o.QualifiedThen).Should().Equal(false, true);
        person.Trainings.Select(t => t.Document).Should().Contain(d => d.StartsWith("SOP-CT v2.0", StringComparison.Ordinal));

        var export = await a.Hr.GetAsync("/api/v1/trace/batches/CT-B1/export");
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        (await export.Content.ReadAsByteArrayAsync()).Take(2).Should().Equal((byte)'P', (byte)'K');
        var report = await a.Hr.GetAsync("/api/v1/trace/batches/CT-B1/report");
        report.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var hrZh = await App.SignInAsync("CThr", Password, "zh-CN");
        var text = await PdfText.FlatAsync(await hrZh.GetByteArrayAsync("/api/v1/trace/batches/CT-B1/report"));
        text.Should().Contain("质量事故追溯报告").And.Contain("CT-B1").And.Contain("阿莫西林胶囊").And.Contain(PdfText.Flat("本批次 1 道工序中有 1 道由当时不具备资格的人员操作"))
            .And.Contain("张伟（CT1001）").And.Contain("试产期间顶岗").And.Contain("华东医药").And.Contain("需再培训");
        var page = await a.Hr.GetStringAsync("/Quality/Trace?batch=CT-B1");
        page.Should().Contain("CT1001").And.Contain("Retraining required").And.Contain("SOP-CT v1.0");

        var worker = await EmployeeUserAsync(a, "CTworker", a.Org.EmployeeB);
        (await worker.GetAsync("/api/v1/trace/batches/CT-B1")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var headB = await UserAsync(a, "CTheadB", "DepartmentHead", a.Org.WorkshopB);
        (await headB.GetAsync("/api/v1/trace/batches/CT-B1")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the batch lies outside workshop B");
        (await headB.GetAsync("/api/v1/trace/batches/CT-B1/report")).StatusCode.Should().Be(HttpStatusCode.NotFound, "so does its report");
        (await worker.GetAsync("/api/v1/trace/batches/CT-B1/report")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await a.Hr.GetAsync("/api/v1/trace/batches/NO-SUCH")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_trace_judges_an_operator_by_their_unit_and_their_validity_on_the_day_of_the_operation()
    {
        var a = await ActorsAsync("TU");
        var sop = await CreateDocumentAsync(a, "SOP-TU", "焊接作业指导书");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        var operation = await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "TU-OP", name = "焊接", orgUnitId = a.Org.WorkshopA });
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { operationId = operation, kind = "training", documentId = sop, validityMonths = 12, orgUnitId = a.Org.WorkshopA }))
            .EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v1, completedOn = "2025-12-01" })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync($"/api/v1/operations/{operation}/assignments", new { employeeId = a.Org.EmployeeA })).EnsureSuccessStatusCode();

        // B works the operation while in workshop A (where the requirement applies), untrained, then moves back to B.
        (await a.Admin.PostAsJsonAsync($"/api/v1/employees/{a.Org.EmployeeB}/events", new { kind = "transfer", effectiveOn = "2026-11-01", toOrgUnitId = a.Org.WorkshopA, toPositionId = (Guid?)null, note = "", version = 0 }))
            .EnsureSuccessStatusCode();
        var at = App.Clock.GetUtcNow().AddHours(1);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/operation-records", new[]
        {
            new OperationRecordInput("TU-O1", "TU-B1", "支架", null, "TU-OP", null, "TU1001", at, null),
            new OperationRecordInput("TU-O2", "TU-B2", "支架", null, "TU-OP", null, "TU1001", new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero), null),
            new OperationRecordInput("TU-O3", "TU-B3", "支架", null, "TU-OP", null, "TU2001", at, null),
        }), HttpStatusCode.OK);
        (await a.Admin.PostAsJsonAsync($"/api/v1/employees/{a.Org.EmployeeB}/events", new { kind = "transfer", effectiveOn = "2026-11-21", toOrgUnitId = a.Org.WorkshopB, toPositionId = (Guid?)null, note = "", version = 1 }))
            .EnsureSuccessStatusCode();

        var inTime = (await ReadAsync<BatchTrace>(await a.Hr.GetAsync("/api/v1/trace/batches/TU-B1"), HttpStatusCode.OK)).Operations.Single();
        inTime.QualifiedThen.Should().BeTrue();
        var lapsed = (await ReadAsync<BatchTrace>(await a.Hr.GetAsync("/api/v1/trace/batches/TU-B2"), HttpStatusCode.OK)).Operations.Single();
        lapsed.QualifiedThen.Should().BeFalse("the training was valid until 2026-12-01, before the operation, even though no job had recorded the expiry yet");
        lapsed.Requirements.Single().Status.Should().Be("expired");
        var moved = (await ReadAsync<BatchTrace>(await a.Hr.GetAsync("/api/v1/trace/batches/TU-B3"), HttpStatusCode.OK)).Operations.Single();
        moved.QualifiedThen.Should().BeFalse("B was in workshop A then, where the requirement applies, although B has moved since");
        moved.Requirements.Single().Status.Should().Be("not_trained");
    }

    [Fact]
    public async Task The_same_API_batch_twice_is_stored_once_and_a_bad_file_stores_nothing()
    {
        var a = await ActorsAsync("ID");
        await UnitAsync(a.Admin, "ID-L1", "一线", "line", a.Org.WorkshopA);
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "ID-OP", name = "冲压", orgUnitId = a.Org.WorkshopA });
        var created = await SkillgateFactory.PostFormAsync(a.Admin, "/Admin/ApiKeys", new() { ["Name"] = "MES", ["Scopes"] = "quality:write" });
        var key = System.Text.RegularExpressions.Regex.Match(await created.Content.ReadAsStringAsync(), "sg_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}").Value;
        var mes = App.CreateClient();
        mes.DefaultRequestHeaders.Add("Authorization", "ApiKey " + key);
        var at = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        var batch = Enumerable.Range(1, 50).Select(i => new OperationRecordInput($"ID-{i}", $"ID-B{i % 5}", "壳体", "ID-L1", "ID-OP", null, "ID1001", at.AddMinutes(i), null)).ToList();

        var first = await ReadAsync<IngestResult>(await mes.PostAsJsonAsync("/api/v1/quality/operation-records", batch), HttpStatusCode.OK);
        first.Should().Be(new IngestResult("operation_record", 50, 50, 0));
        var again = await ReadAsync<IngestResult>(await mes.PostAsJsonAsync("/api/v1/quality/operation-records", batch), HttpStatusCode.OK);
        again.Should().Be(new IngestResult("operation_record", 50, 0, 50));
        (await CountAsync("quality.operation_record WHERE external_id LIKE 'ID-%'")).Should().Be(50);
        (await CountAsync("quality.batch WHERE code LIKE 'ID-B%'")).Should().Be(5);
        var listed = await ReadAsync<Page<QualityRecordRow>>(await a.Author.GetAsync("/api/v1/quality/records/operations?q=ID-B1"), HttpStatusCode.OK);
        listed.Items.Should().HaveCount(10).And.OnlyContain(r => r.Batch == "ID-B1");
        (await ErrorFieldsAsync(await a.Author.GetAsync("/api/v1/quality/records/colours"))).Should().Equal("kind");
        (await CountAsync("audit.event WHERE entity_type = 'quality.operation_record'")).Should().Be(2);
        (await mes.GetAsync("/api/v1/trace/batches/ID-B1")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the MES key may write, not read");

        var csv = "externalId,batch,line,operation,employeeNo,startedAt\n"
            + "ID-F1,ID-FB,ID-L1,ID-OP,ID1001,2026-11-20 09:00\n"
            + "ID-F2,ID-FB,ID-L1,ID-OP,NOBODY,2026-11-20 09:10\n"
            + "ID-F3,ID-FB,ID-L1,ID-OP,ID1001,yesterday\n";
        var badTime = await a.Author.PostAsync("/api/v1/quality/files/operations", File(csv, "ops.csv"));
        (await ErrorFieldsAsync(badTime)).Should().Equal(["row 4, F (startedAt)"], "cell formats are checked first, and the error names the row, the column's letter and its header");
        var bad = await a.Author.PostAsync("/api/v1/quality/files/operations", File(csv.Replace("yesterday", "2026-11-20 09:20"), "ops.csv"));
        (await ErrorFieldsAsync(bad)).Should().Equal(["row 3, E (employeeNo)"]);
        (await bad.Content.ReadAsStringAsync()).Should().Contain("NOBODY");
        (await ErrorFieldsAsync(await a.Author.PostAsync("/api/v1/quality/files/operations", File("externalId,batch,批次,operation,employeeNo,startedAt\n", "twice.csv")))).Should().Equal("file");
        (await CountAsync("quality.operation_record WHERE external_id LIKE 'ID-F%'")).Should().Be(0);
        (await CountAsync("quality.batch WHERE code = 'ID-FB'")).Should().Be(0);

        var good = await a.Author.PostAsync("/api/v1/quality/files/operations", File(csv.Replace("NOBODY", "ID1001").Replace("yesterday", "2026-11-20 09:20"), "ops.csv"));
        (await ReadAsync<IngestResult>(good, HttpStatusCode.OK)).Stored.Should().Be(3);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030");
        var chinese = "外部编号,批次,产线,工序,缺陷类型,数量,原因类别,发现日期\nID-D1,ID-FB,ID-L1,ID-OP,毛刺,3,machine,2026-11-20\n";
        (await ReadAsync<IngestResult>(await a.Author.PostAsync("/api/v1/quality/files/defects", File(gbk.GetBytes(chinese), "缺陷.csv")), HttpStatusCode.OK)).Stored.Should().Be(1);
        (await CountAsync("quality.defect WHERE defect_type = '毛刺'")).Should().Be(1, "a GB18030 CSV from Chinese Excel reads correctly");
        (await ErrorFieldsAsync(await a.Author.PostAsync("/api/v1/quality/files/defects", File([0x7F, 0x45, 0x4C, 0x46, 0, 1, 2], "x.csv")))).Should().Equal("file");
    }

    [Fact]
    public async Task Bad_records_and_callers_outside_their_scope_change_nothing()
    {
        var a = await ActorsAsync("BR");
        await UnitAsync(a.Admin, "BR-L1", "一线", "line", a.Org.WorkshopA);
        var defects = new[]
        {
            new DefectInput("BR-1", "BR-B", "BR-L1", null, "毛刺", 0, "weather", null, new DateOnly(2026, 11, 1)),
            new DefectInput("BR-2", "BR-B", "NO-LINE", "NO-OP", "", 2, "man", "NOBODY", null),
        };
        var fields = await ErrorFieldsAsync(await a.Author.PostAsJsonAsync("/api/v1/quality/defects", defects));
        fields.Should().BeEquivalentTo(["[0].quantity", "[0].cause", "[1].line", "[1].operation", "[1].defectType", "[1].employeeNo", "[1].foundOn"]);
        (await ErrorFieldsAsync(await a.Author.PostAsJsonAsync("/api/v1/quality/defects", Array.Empty<DefectInput>()))).Should().Equal("items");
        (await CountAsync("quality.defect WHERE external_id LIKE 'BR-%'")).Should().Be(0);

        var productionB = await UserAsync(a, "BRprodB", "ProductionManager", a.Org.WorkshopB);
        var outside = await productionB.PostAsJsonAsync("/api/v1/quality/defects", new[] { new DefectInput("BR-3", "BR-B", "BR-L1", null, "毛刺", 1, "man", null, new DateOnly(2026, 11, 1)) });
        (await ErrorFieldsAsync(outside)).Should().Equal("[0].line");
        var worker = await EmployeeUserAsync(a, "BRworker", a.Org.EmployeeA);
        (await worker.PostAsJsonAsync("/api/v1/quality/defects", new[] { new DefectInput("BR-4", "BR-B", "BR-L1", null, "毛刺", 1, "man", null, new DateOnly(2026, 11, 1)) }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await worker.GetAsync("/api/v1/needs")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CountAsync("quality.defect WHERE external_id LIKE 'BR-%'")).Should().Be(0);

        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("colour", "", null, null)))).Should().BeEquivalentTo(["key", "kind", "courseId"]);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules", new RuleInput("", "trend", "day", 0, 1, "minor", "high", 30, true)))).Should().BeEquivalentTo(["name", "period", "periods"]);
        (await productionB.PostAsJsonAsync("/api/v1/need-rules", new RuleInput("x", "trend", "month", 3, 1, "minor", "high", 30, true))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_planned_change_and_self_declared_wishes_become_needs_and_HR_can_merge_them()
    {
        var a = await ActorsAsync("PC");
        var skill = await PostIdAsync(a.Hr, "/api/v1/skills", new { code = "PC-LASER", name = "激光焊接", maxLevel = 4 });
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "PC-WELD", name = "焊接", orgUnitId = a.Org.WorkshopA });
        var at = App.Clock.GetUtcNow().AddDays(-3);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/operation-records", new[]
        {
            new OperationRecordInput("PC-O1", "PC-B1", "支架", null, "PC-WELD", null, "PC1001", at, null),
        }), HttpStatusCode.OK);
        await ReadAsync<MappingDto>(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/mappings", new MappingInput("equipment", "LASER-CELL", null, skill)), HttpStatusCode.OK);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/planned-changes", new PlannedChangeInput("旧设备", "LASER-CELL", a.Org.WorkshopA, new DateOnly(2026, 1, 1))))).Should().Equal("goLiveOn");
        var change = await ReadAsync<PlannedChangeDto>(await a.Hr.PostAsJsonAsync("/api/v1/need-rules/planned-changes",
            new PlannedChangeInput("激光焊接工作站上线", "LASER-CELL", a.Org.WorkshopA, new DateOnly(2027, 1, 15))), HttpStatusCode.OK);
        change.OrgUnitName.Should().Be("焊接车间");
        var worker = await EmployeeUserAsync(a, "PCworker", a.Org.EmployeeB);
        (await worker.PostAsJsonAsync("/api/v1/me/skill-wishes", new { skillId = skill, note = "想学激光焊" })).EnsureSuccessStatusCode();

        // Two runs at once (the daily job on one node, the button on another): both finish, and each signal is taken once.
        var runs = await Task.WhenAll(a.Hr.PostAsync("/api/v1/needs/analysis", null), a.Admin.PostAsync("/api/v1/needs/analysis", null));
        runs.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        (await Task.WhenAll(runs.Select(r => r.Content.ReadFromJsonAsync<AnalysisResult>()))).Sum(r => r!.NeedsCreated).Should().Be(2);
        var page = await ReadAsync<Page<NeedSummary>>(await a.Hr.GetAsync("/api/v1/needs?q=激光"), HttpStatusCode.OK);
        var planned = page.Items.Should().ContainSingle(n => n.Source == "planned_change").Subject;
        planned.DueOn.Should().Be(new DateOnly(2027, 1, 15), "training is due before the go-live date");
        var wish = page.Items.Should().ContainSingle(n => n.Source == "self_declared").Subject;
        wish.People.Should().Be(1);

        var merged = await ReadAsync<NeedDto>(await a.Hr.PostAsJsonAsync($"/api/v1/needs/{wish.Id}/merge", new MergeNeedInput(planned.Id)), HttpStatusCode.OK);
        merged.Status.Should().Be("merged");
        merged.MergedInto.Should().Be(planned.Id);
        var target = await ReadAsync<NeedDto>(await a.Hr.GetAsync($"/api/v1/needs/{planned.Id}"), HttpStatusCode.OK);
        target.Why.Should().Contain("李娜 asked to learn 激光焊接").And.Contain("激光焊接工作站上线");
        target.People.Select(p => p.EmployeeNo).Should().BeEquivalentTo(["PC1001", "PC2001"], "the merged need's people move over");
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/needs/{planned.Id}/merge", new MergeNeedInput(planned.Id)), HttpStatusCode.Conflict)).Should().Be("merge_self");
        (await a.Hr.GetStringAsync("/Needs?status=")).Should().Contain("激光焊接");
        (await a.Hr.GetStringAsync($"/Needs/Details?id={planned.Id}")).Should().Contain("PC1001");
        (await a.Hr.GetStringAsync("/Needs/Dashboard")).Should().Contain(">1<");
        (await a.Hr.GetStringAsync("/Needs/Rules")).Should().Contain("LASER-CELL");
    }

    private async Task<HttpClient> UserAsync(Actors a, string userName, string role, Guid? scope = null)
    {
        await App.CreateUserAsync(a.Admin, userName, [role], scopeAll: scope is null, scope: scope is { } s ? [s] : null);
        return await App.SignInAsync(userName, Password);
    }

    private static async Task<List<NeedDto>> NeedsForAsync(HttpClient client, Guid courseId)
    {
        var page = await ReadAsync<Page<NeedSummary>>(await client.GetAsync("/api/v1/needs?pageSize=200"), HttpStatusCode.OK);
        var needs = new List<NeedDto>();
        foreach (var summary in page.Items)
        {
            var need = await ReadAsync<NeedDto>(await client.GetAsync($"/api/v1/needs/{summary.Id}"), HttpStatusCode.OK);
            if (need.CourseId == courseId)
            {
                needs.Add(need);
            }
        }

        return needs;
    }

    private static Task<Guid> UnitAsync(HttpClient admin, string code, string name, string type, Guid parent) =>
        PostIdAsync(admin, "/api/v1/org-units", new { code, name, unitType = type, parentId = parent, functions = new[] { "production" } });

    private static Task<Guid> EmployeeAsync(HttpClient admin, string no, Guid unit, Guid position) =>
        PostIdAsync(admin, "/api/v1/employees", new { employeeNo = no, name = "员工" + no, phone = (string?)null, email = (string?)null, orgUnitId = unit, positionId = position, managerId = (Guid?)null, shiftGroupId = (Guid?)null, hireDate = "2022-01-01" });

    private static MultipartFormDataContent File(string text, string name) => File(Encoding.UTF8.GetBytes(text), name);

    private static MultipartFormDataContent File(byte[] bytes, string name) => new() { { new ByteArrayContent(bytes), "file", name } };
}
