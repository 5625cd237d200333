using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Performance;

/// <summary>
/// Through the workflow engine: production disputes a defect's attribution and QA decides (upheld, the attribution changes;
/// refused or rejected, nothing does); a person appeals their score, the department head reviews, HR decides, and the upheld
/// appeal's adjustment reaches the payroll results.
/// </summary>
public sealed class DisputeAppealTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Production_disputes_a_defects_attribution_and_qas_decision_moves_it_or_leaves_it()
    {
        var a = await ActorsAsync("KD");
        await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KD-L1", name = "焊接一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KD-PUR", name = "采购部", unitType = "office", parentId = a.Org.Plant, functions = new[] { "procurement" } });
        var qa = a.Author;
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/defects", new[] { new DefectInput("KD-D1", "KD-B1", "KD-L1", null, "裂纹", 20, "man", "KD1001", new DateOnly(2026, 11, 12)) }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/material-lots", new[] { new MaterialLotInput("KD-LOT-1", "LOT-KD1", "Q235 钢板", "华东钢材", "KD-PUR", new DateOnly(2026, 11, 3), 5000, 200, 2) }), HttpStatusCode.OK);
        var defect = (await ReadAsync<Page<DefectAttributionDto>>(await qa.GetAsync("/api/v1/quality/attribution?q=KD-D1"), HttpStatusCode.OK)).Items.Single();
        await App.CreateUserAsync(a.Admin, "kdprod", ["ProductionManager"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var production = await App.SignInAsync("kdprod", Password);
        var url = $"/api/v1/quality/defects/{defect.Id}/disputes";

        (await a.Hr.PostAsJsonAsync(url, new DisputeInput("material", "来料问题"))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "production disputes, not HR");
        (await ErrorFieldsAsync(await production.PostAsJsonAsync(url, new DisputeInput("man", " ")))).Should().BeEquivalentTo(["cause", "reason"]);
        (await CountAsync($"workflow.instance WHERE subject_id = '{defect.Id}'")).Should().Be(0);

        var dispute = await ReadAsync<InstanceDto>(await production.PostAsJsonAsync(url, new DisputeInput("material", "该批钢板来料硬度超标")), HttpStatusCode.OK);
        dispute.DefinitionCode.Should().Be("DEFECT-DISPUTE");
        var decide = dispute.Tasks.Single(t => t.Status == "open");
        decide.StepKey.Should().Be("decide");
        decide.DueAt.Should().NotBeNull("QA decides within a time limit, escalated when late");
        (await CodeAsync(await production.PostAsJsonAsync(url, new DisputeInput("machine", "再次异议")), HttpStatusCode.Conflict)).Should().Be("workflow_subject_open");

        var complete = $"/api/v1/workflow/instances/{dispute.Id}/tasks/{decide.Id}/complete";
        (await production.PostAsJsonAsync(complete, new CompleteInput("approve", new Dictionary<string, string?> { ["decision"] = "自己裁定" }, null, null)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden, "only QA decides");
        // Upholding a claim of an uncontrollable cause needs evidence: refused, the dispute and the attribution stay as they were.
        (await qa.PostAsJsonAsync(complete, new CompleteInput("approve", new Dictionary<string, string?> { ["decision"] = "同意" }, null, null)))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await CountAsync($"quality.defect_cause WHERE defect_id = '{defect.Id}'")).Should().Be(0);
        (await CountAsync($"workflow.task WHERE id = '{decide.Id}' AND status = 'open'")).Should().Be(1);

        var upheld = await ReadAsync<InstanceDto>(await qa.PostAsJsonAsync(complete, new CompleteInput("approve", new Dictionary<string, string?>
        {
            ["evidenceKind"] = "material_lot", ["evidenceRef"] = "LOT-KD1", ["decision"] = "来料检验报告确认硬度超标",
        }, null, null)), HttpStatusCode.OK);
        upheld.Status.Should().Be("completed");
        var after = await ReadAsync<DefectAttributionDetail>(await qa.GetAsync($"/api/v1/quality/defects/{defect.Id}/attribution"), HttpStatusCode.OK);
        after.Defect.Should().Match<DefectAttributionDto>(d => d.Cause == "material" && !d.Controllable && d.ResponsibleFunction == "procurement" && d.EvidenceRef == "LOT-KD1");
        after.History.Should().ContainSingle().Which.Note.Should().StartWith(dispute.Number);

        // Production disputes again; QA rejects it, and the attribution stays.
        var second = await ReadAsync<InstanceDto>(await production.PostAsJsonAsync(url, new DisputeInput("man", "复核")), HttpStatusCode.OK);
        var rejected = await ReadAsync<InstanceDto>(await qa.PostAsJsonAsync(
            $"/api/v1/workflow/instances/{second.Id}/tasks/{second.Tasks.Single(t => t.Status == "open").Id}/complete",
            new CompleteInput("reject", new Dictionary<string, string?>(), "证据充分，维持原裁定", null)), HttpStatusCode.OK);
        rejected.Status.Should().Be("rejected");
        (await CountAsync($"quality.defect_cause WHERE defect_id = '{defect.Id}'")).Should().Be(1);
        (await ReadAsync<List<DefectDisputeDto>>(await qa.GetAsync(url), HttpStatusCode.OK)).Select(d => d.Status).Should().Equal("rejected", "completed");

        var zh = await App.SignInAsync("kdprod", Password, "zh-CN");
        (await zh.GetStringAsync($"/Quality/Attribution/Defect?id={defect.Id}")).Should().Contain("生产异议").And.Contain(dispute.Number).And.Contain("提出异议");
    }

    [Fact]
    public async Task A_person_appeals_their_score_the_head_reviews_hr_decides_and_the_adjustment_reaches_payroll()
    {
        var a = await ActorsAsync("KP");
        await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KP-L1", name = "焊接一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/counts", new[]
        {
            new CountInput("KP-C1", "KP-B1", "支架", "KP-L1", null, "KP1001", new DateOnly(2026, 9, 5), 1000, 0, null),
            new CountInput("KP-C2", "KP-B2", "支架", "KP-WB", null, "KP2001", new DateOnly(2026, 9, 5), 1000, 0, null),
        }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/defects", new[] { new DefectInput("KP-D1", "KP-B1", "KP-L1", null, "气孔", 30, "man", "KP1001", new DateOnly(2026, 9, 6)) }), HttpStatusCode.OK);
        var kpi = await ReadAsync<KpiDefinitionDto>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/definitions", new KpiDefinitionInput("KP-RATE",
            new KpiVersionInput("个人次品率", "Personal defect rate", "defect_rate", "lower", "percent", "month", "person", null, 1.0m, new DateOnly(2026, 1, 1), null))), HttpStatusCode.OK);
        await ReadAsync<ResultRuleDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/definitions/{kpi.Id}/rules", new ResultRuleInput("bonus_factor", 0.10m, -0.05m, null)), HttpStatusCode.OK);
        var september = await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", new DateOnly(2026, 9, 1))), HttpStatusCode.OK);
        await ReadAsync<KpiComputeResult>(await a.Hr.PostAsync($"/api/v1/kpi/periods/{september.Id}/compute", null), HttpStatusCode.OK);
        var scores = (await ReadAsync<Page<KpiScoreDto>>(await a.Hr.GetAsync($"/api/v1/kpi/scores?periodId={september.Id}&pageSize=200"), HttpStatusCode.OK)).Items;
        var welderScore = scores.Single(s => s.DefinitionId == kpi.Id && s.SubjectId == a.Org.EmployeeA);
        welderScore.Met.Should().BeFalse("3 % against a 1 % target");

        var welder = await EmployeeUserAsync(a, "kpwelder", a.Org.EmployeeA);
        var fitter = await EmployeeUserAsync(a, "kpfitter", a.Org.EmployeeB);
        await App.CreateUserAsync(a.Admin, "kphead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var head = await App.SignInAsync("kphead", Password);
        var appeal = $"/api/v1/kpi/scores/{welderScore.Id}/appeals";

        (await CodeAsync(await welder.PostAsJsonAsync(appeal, new AppealInput("统计有误")), HttpStatusCode.Conflict)).Should().Be("kpi_appeal_open_period");
        await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/periods/{september.Id}/close", new KpiCloseInput(Password, "确认 2026-09")), HttpStatusCode.OK);
        // The close scores the period one last time: the closed score is a new row.
        welderScore = (await ReadAsync<Page<KpiScoreDto>>(await a.Hr.GetAsync($"/api/v1/kpi/scores?periodId={september.Id}&pageSize=200"), HttpStatusCode.OK)).Items
            .Single(s => s.DefinitionId == kpi.Id && s.SubjectId == a.Org.EmployeeA);
        appeal = $"/api/v1/kpi/scores/{welderScore.Id}/appeals";
        (await fitter.PostAsJsonAsync(appeal, new AppealInput("替他申诉"))).StatusCode.Should().BeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
        (await ErrorFieldsAsync(await welder.PostAsJsonAsync(appeal, new AppealInput(" ")))).Should().Equal("reason");
        (await ReadAsync<KpiAppeals>(await welder.GetAsync("/api/v1/kpi/appeals/mine"), HttpStatusCode.OK)).Open.Should().ContainSingle(s => s.ScoreId == welderScore.Id);

        var started = await ReadAsync<InstanceDto>(await welder.PostAsJsonAsync(appeal, new AppealInput("9 月 6 日的气孔是来料问题，已由质量确认")), HttpStatusCode.OK);
        started.DefinitionCode.Should().Be("KPI-APPEAL");
        (await CodeAsync(await welder.PostAsJsonAsync(appeal, new AppealInput("再次申诉")), HttpStatusCode.Conflict)).Should().Be("workflow_subject_open");
        var review = started.Tasks.Single(t => t.Status == "open");
        review.StepKey.Should().Be("manager");
        (await a.Hr.PostAsJsonAsync($"/api/v1/workflow/instances/{started.Id}/tasks/{review.Id}/complete",
            new CompleteInput("approve", new Dictionary<string, string?> { ["opinion"] = "同意" }, null, null))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the department head reviews first");
        var reviewed = await ReadAsync<InstanceDto>(await head.PostAsJsonAsync($"/api/v1/workflow/instances/{started.Id}/tasks/{review.Id}/complete",
            new CompleteInput("approve", new Dictionary<string, string?> { ["opinion"] = "情况属实" }, null, null)), HttpStatusCode.OK);
        var decide = $"/api/v1/workflow/instances/{started.Id}/tasks/{reviewed.Tasks.Single(t => t.Status == "open").Id}/complete";
        (await a.Hr.PostAsJsonAsync(decide, new CompleteInput("approve", new Dictionary<string, string?> { ["kind"] = "salary", ["delta"] = "0.15", ["decision"] = "成立" }, null, null)))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await CountAsync("kpi.adjustment")).Should().Be(0);
        var decided = await ReadAsync<InstanceDto>(await a.Hr.PostAsJsonAsync(decide, new CompleteInput("approve",
            new Dictionary<string, string?> { ["kind"] = "bonus_factor", ["delta"] = "0.15", ["decision"] = "申诉成立，按达标计" }, null, null)), HttpStatusCode.OK);
        decided.Status.Should().Be("completed");

        var result = (await ReadAsync<Page<PersonResult>>(await a.Hr.GetAsync($"/api/v1/kpi/results?periodId={september.Id}"), HttpStatusCode.OK)).Items.Single(r => r.EmployeeNo == "KP1001");
        result.BonusFactor.Should().Be(1.10m, "the missed rule's −5 % and the appeal's +15 %");
        result.Rules.Should().ContainSingle(r => r.SubjectKind == "appeal").Which.SubjectName.Should().Contain(started.Number);
        var sheet = ExcelSheet.Read(await a.Hr.GetByteArrayAsync($"/api/v1/kpi/results/export?periodId={september.Id}"));
        sheet.Rows.Single(r => r[0] == "KP1001")[sheet.Headers.ToList().IndexOf("Rules applied")].Should().Contain(started.Number).And.Contain("+0.15");
        (await CountAsync($"audit.event WHERE entity_type = 'kpi_score' AND entity_id = '{welderScore.Id}' AND action = 'appeal_upheld'")).Should().Be(1);
        (await CodeAsync(await welder.PostAsJsonAsync(appeal, new AppealInput("再申诉一次")), HttpStatusCode.Conflict)).Should().Be("kpi_appeal_decided", "adjustments do not stack");

        // A person's reasons and pay are not for everyone who reads workflows: sales in scope does not see the appeal.
        await App.CreateUserAsync(a.Admin, "kpsales", ["Sales"], scopeAll: true);
        (await (await App.SignInAsync("kpsales", Password)).GetAsync($"/api/v1/workflow/instances/{started.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await head.GetAsync($"/api/v1/workflow/instances/{started.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);

        App.Clock.Advance(TimeSpan.FromDays(16));
        welder = await App.SignInAsync("kpwelder", Password);
        (await CodeAsync(await welder.PostAsJsonAsync(appeal, new AppealInput("还想申诉")), HttpStatusCode.Conflict)).Should().Be("kpi_appeal_window");
        var zh = await App.SignInAsync("kpwelder", Password, "zh-CN");
        (await zh.GetStringAsync("/Performance/Appeals")).Should().Contain("我的申诉").And.Contain(started.Number).And.Contain("目前没有可申诉的得分");
    }
}
