using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Performance;

/// <summary>可控/不可控: a defect from a bad raw-material lot counts against purchasing, not the operator or production, until QA says otherwise.</summary>
public sealed class AttributionTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_defect_from_a_bad_lot_moves_purchasings_kpi_and_not_the_operators_and_reclassifying_it_moves_them_back()
    {
        var a = await ActorsAsync("KA");
        var line = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KA-L1", name = "焊接一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        var purchasing = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KA-PUR", name = "采购部", unitType = "office", parentId = a.Org.Plant, functions = new[] { "procurement" } });
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "KA-OP", name = "焊接", orgUnitId = a.Org.Plant });
        var qa = a.Author;
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/counts", new[] { new CountInput("KA-C1", "KA-B1", "支架", "KA-L1", "KA-OP", "KA1001", new DateOnly(2026, 7, 10), 1000, 0, null) }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/defects", new[] { new DefectInput("KA-D1", "KA-B1", "KA-L1", "KA-OP", "裂纹", 20, "man", "KA1001", new DateOnly(2026, 7, 12)) }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/material-lots", new[] { new MaterialLotInput("KA-LOT-1", "LOT-0701", "Q235 钢板", "华东钢材", "KA-PUR", new DateOnly(2026, 7, 3), 5000, 200, 2) }), HttpStatusCode.OK);

        var operatorRate = await DefineAsync(a.Hr, "KA-OPERATOR", "defect_rate", "person", null, 1.0m);
        var production = await DefineAsync(a.Hr, "KA-PRODUCTION", "defect_rate", "org_unit", "production", 1.0m);
        var material = await DefineAsync(a.Hr, "KA-MATERIAL", "material_reject_rate", "org_unit", "procurement", 2.0m);
        var july = await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", new DateOnly(2026, 7, 1))), HttpStatusCode.OK);

        async Task<(decimal? Operator, decimal? Line, decimal? Purchasing)> ScoresAsync()
        {
            await ReadAsync<KpiComputeResult>(await a.Hr.PostAsync($"/api/v1/kpi/periods/{july.Id}/compute", null), HttpStatusCode.OK);
            var scores = (await ReadAsync<Page<KpiScoreDto>>(await a.Hr.GetAsync($"/api/v1/kpi/scores?periodId={july.Id}&pageSize=200"), HttpStatusCode.OK)).Items;
            return (scores.Single(s => s.DefinitionId == operatorRate.Id && s.SubjectId == a.Org.EmployeeA).Value,
                scores.Single(s => s.DefinitionId == production.Id && s.SubjectId == line).Value,
                scores.Single(s => s.DefinitionId == material.Id && s.SubjectId == purchasing).Value);
        }

        (await ScoresAsync()).Should().Be((2.0m, 2.0m, 1.0m), "recorded as man: the operator's and the line's 20 in 1,000; purchasing's 2 rejected of 200 inspected");
        var defect = (await ReadAsync<Page<DefectAttributionDto>>(await qa.GetAsync("/api/v1/quality/attribution?q=KA-D1"), HttpStatusCode.OK)).Items.Single();
        defect.Should().Match<DefectAttributionDto>(d => d.Controllable && !d.Decided && d.Cause == "man");

        // Taking a defect off its operator needs evidence, and only QA decides.
        (await ErrorFieldsAsync(await qa.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution", new AttributeInput("material", null, null, null, null, "原料问题"))))
            .Should().Equal("evidenceKind");
        (await ErrorFieldsAsync(await qa.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution", new AttributeInput("material", null, null, "material_lot", "LOT-9999", "原料问题"))))
            .Should().Equal("evidenceRef");
        await App.CreateUserAsync(a.Admin, "kaprod", ["ProductionManager"], scopeAll: true);
        var manager = await App.SignInAsync("kaprod", Password);
        (await manager.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution", new AttributeInput("material", null, null, "material_lot", "LOT-0701", "原料问题")))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CountAsync($"quality.defect_cause WHERE defect_id = '{defect.Id}'")).Should().Be(0, "refused decisions leave nothing behind");

        var uncontrollable = await ReadAsync<DefectAttributionDetail>(await qa.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution",
            new AttributeInput("material", null, null, "material_lot", "LOT-0701", "来料检验报告显示该批钢板硬度超标")), HttpStatusCode.OK);
        uncontrollable.Defect.Should().Match<DefectAttributionDto>(d => !d.Controllable && d.ResponsibleFunction == "procurement" && d.Decided);
        (await ScoresAsync()).Should().Be((0m, 0m, 11.0m), "the lot's defect leaves the operator and the line and counts against purchasing: (2 + 20) of 200");

        var back = await ReadAsync<DefectAttributionDetail>(await qa.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution",
            new AttributeInput("man", null, null, "supervision_check", null, "复核")), HttpStatusCode.BadRequest);
        back.Should().NotBeNull();
        var controllable = await ReadAsync<DefectAttributionDetail>(await qa.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution",
            new AttributeInput("man", null, null, null, null, "复核：操作员未按工艺预热")), HttpStatusCode.OK);
        controllable.History.Select(h => (h.Cause, h.Controllable)).Should().Equal(("man", true), ("material", false));
        (await ScoresAsync()).Should().Be((2.0m, 2.0m, 1.0m), "reclassified as controllable, it counts for the operator and the line again");
        (await CountAsync($"audit.event WHERE entity_type = 'quality.defect' AND entity_id = '{defect.Id}' AND action = 'attributed'")).Should().Be(2);
        var needs = (await ReadAsync<Page<NeedSummary>>(await a.Hr.GetAsync("/api/v1/needs?source=attribution&pageSize=200"), HttpStatusCode.OK)).Items;
        needs.Should().ContainSingle("the controllable defect raises one training need for its operator").Which.People.Should().Be(1);

        // Closed, July keeps the attribution it was closed with; a later decision shows in the history but not in July.
        await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/periods/{july.Id}/close", new KpiCloseInput(Password, "确认 2026-07")), HttpStatusCode.OK);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await ReadAsync<DefectAttributionDetail>(await qa.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution",
            new AttributeInput("material", null, null, "material_lot", "LOT-0701", "再次复核")), HttpStatusCode.OK);
        var reproduction = await ReadAsync<KpiReproduction>(await a.Hr.GetAsync($"/api/v1/kpi/periods/{july.Id}/reproduce"), HttpStatusCode.OK);
        reproduction.Identical.Should().BeTrue(string.Join("; ", reproduction.Differences));
        (await a.Hr.GetStringAsync($"/Quality/Attribution/Defect?id={defect.Id}")).Should().Contain("再次复核").And.Contain("复核：操作员未按工艺预热");
    }

    [Fact]
    public async Task The_cause_policy_decides_undecided_defects_from_now_on_and_only_qa_changes_it()
    {
        var a = await ActorsAsync("KB");
        var policy = await ReadAsync<List<CausePolicyDto>>(await a.Hr.GetAsync("/api/v1/quality/cause-policy"), HttpStatusCode.OK);
        policy.Single(p => p.Cause == "machine").Should().Match<CausePolicyDto>(p => !p.Controllable && p.ResponsibleFunction == "maintenance");
        policy.Where(p => p.Controllable).Select(p => p.Cause).Should().BeEquivalentTo(["man", "method"]);

        (await a.Hr.PutAsJsonAsync("/api/v1/quality/cause-policy", new[] { new CausePolicyInput("machine", true, null) })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorFieldsAsync(await a.Author.PutAsJsonAsync("/api/v1/quality/cause-policy", new[] { new CausePolicyInput("machine", false, "nowhere") }))).Should().Equal("[0].responsibleFunction");
        var changed = await ReadAsync<List<CausePolicyDto>>(await a.Author.PutAsJsonAsync("/api/v1/quality/cause-policy", new[] { new CausePolicyInput("machine", true, null) }), HttpStatusCode.OK);
        changed.Single(p => p.Cause == "machine").Controllable.Should().BeTrue();
        (await CountAsync("quality.cause_policy WHERE cause = 'machine'")).Should().Be(2, "a change is appended; the earlier policy stays for periods read before it");
    }

    [Fact]
    public async Task A_downtime_record_is_evidence_only_once_the_maintenance_system_sent_it()
    {
        var a = await ActorsAsync("KE");
        await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KE-L1", name = "焊接一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        var qa = a.Author;
        await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/defects", new[] { new DefectInput("KE-D1", "KE-B1", "KE-L1", null, "焊穿", 4, "man", "KE1001", new DateOnly(2026, 11, 12)) }), HttpStatusCode.OK);
        var defect = (await ReadAsync<Page<DefectAttributionDto>>(await qa.GetAsync("/api/v1/quality/attribution?q=KE-D1"), HttpStatusCode.OK)).Items.Single();
        var machine = new AttributeInput("machine", null, null, "downtime", "DT-KE-0412", "焊机送丝故障");
        (await ErrorFieldsAsync(await qa.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution", machine))).Should().Equal("evidenceRef");

        var bad = new[] { new DowntimeInput("KE-X1", "DT-KE-0413", "焊机 W2-07", "KE-NOPE", new DateTimeOffset(2026, 11, 12, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 12, 8, 0, 0, TimeSpan.Zero), "") };
        (await ErrorFieldsAsync(await qa.PostAsJsonAsync("/api/v1/quality/downtimes", bad))).Should().BeEquivalentTo(["[0].line", "[0].endedAt", "[0].reason"]);
        (await a.Hr.PostAsJsonAsync("/api/v1/quality/downtimes", bad)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var stop = new DowntimeInput("KE-DT1", "DT-KE-0412", "焊机 W2-07", "KE-L1", new DateTimeOffset(2026, 11, 12, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 12, 9, 30, 0, TimeSpan.Zero), "送丝机构故障");
        (await ReadAsync<IngestResult>(await qa.PostAsJsonAsync("/api/v1/quality/downtimes", new[] { stop }), HttpStatusCode.OK)).Stored.Should().Be(1);
        (await ReadAsync<Page<QualityRecordRow>>(await qa.GetAsync("/api/v1/quality/records/downtimes?q=DT-KE-0412"), HttpStatusCode.OK)).Items.Should().ContainSingle();

        var decided = await ReadAsync<DefectAttributionDetail>(await qa.PostAsJsonAsync($"/api/v1/quality/defects/{defect.Id}/attribution", machine), HttpStatusCode.OK);
        decided.Defect.Should().Match<DefectAttributionDto>(d => !d.Controllable && d.ResponsibleFunction == "maintenance" && d.EvidenceKind == "downtime" && d.EvidenceRef == "DT-KE-0412");
    }

    private static async Task<KpiDefinitionDto> DefineAsync(HttpClient hr, string code, string metric, string level, string? function, decimal target) =>
        await ReadAsync<KpiDefinitionDto>(await hr.PostAsJsonAsync("/api/v1/kpi/definitions", new KpiDefinitionInput(code,
            new KpiVersionInput("指标 " + code, "KPI " + code, metric, "lower", "percent", "month", level, function, target, new DateOnly(2026, 1, 1), null))), HttpStatusCode.OK);
}
