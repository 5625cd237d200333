using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Performance;

/// <summary>Results applied: the article's rules turn a closed period's outcomes into bonus factors and promotion points, exported for payroll.</summary>
public sealed class ResultTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_closed_periods_bonus_factors_export_to_xlsx_with_each_persons_kpis_and_the_rule_applied()
    {
        var a = await ActorsAsync("KR");
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "KR-OP", name = "焊接", orgUnitId = a.Org.Plant });
        await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "KR-L1", name = "焊接一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/counts", new[]
        {
            new CountInput("KR-C1", "KR-B1", "支架", "KR-L1", "KR-OP", "KR1001", new DateOnly(2026, 10, 5), 1000, 10, null),
            new CountInput("KR-C2", "KR-B2", "支架", "KR-WB", "KR-OP", "KR2001", new DateOnly(2026, 10, 5), 1000, 40, null),
        }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/defects", new[]
        {
            new DefectInput("KR-D1", "KR-B1", "KR-L1", "KR-OP", "气孔", 10, "man", "KR1001", new DateOnly(2026, 10, 6)),
            new DefectInput("KR-D2", "KR-B2", "KR-WB", "KR-OP", "气孔", 30, "man", "KR2001", new DateOnly(2026, 10, 6)),
        }), HttpStatusCode.OK);
        var production = await DefineAsync(a.Hr, "KR-PROD", "defect_rate", "org_unit", "production", 2.0m);
        var rework = await DefineAsync(a.Hr, "KR-REWORK", "rework_rate", "person", null, 3.0m);
        await ReadAsync<ResultRuleDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/definitions/{production.Id}/rules", new ResultRuleInput("bonus_factor", 0.10m, -0.05m, "生产部门次品率")), HttpStatusCode.OK);
        await ReadAsync<ResultRuleDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/definitions/{rework.Id}/rules", new ResultRuleInput("promotion", 5m, -3m, null)), HttpStatusCode.OK);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/definitions/{rework.Id}/rules", new ResultRuleInput("salary", null, 5000m, null))))
            .Should().BeEquivalentTo(["kind", "metDelta", "missedDelta"]);

        var october = await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", new DateOnly(2026, 10, 1))), HttpStatusCode.OK);
        (await CodeAsync(await a.Hr.GetAsync($"/api/v1/kpi/results?periodId={october.Id}"), HttpStatusCode.Conflict)).Should().Be("kpi_period_open", "results are fixed by the close");
        await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/periods/{october.Id}/close", new KpiCloseInput(Password, "确认 2026-10 考核结果")), HttpStatusCode.OK);

        var results = (await ReadAsync<Page<PersonResult>>(await a.Hr.GetAsync($"/api/v1/kpi/results?periodId={october.Id}"), HttpStatusCode.OK)).Items;
        var welder = results.Single(r => r.EmployeeNo == "KR1001");
        welder.BonusFactor.Should().Be(1.10m, "workshop A (1 %) met its target: +10 %; its line and the plant do not add theirs");
        welder.Promotion.Should().Be(5m, "1 % rework met 3 %");
        welder.Rules.Should().ContainSingle(r => r.Kind == "bonus_factor").Which.SubjectName.Should().Be("焊接车间");
        var fitter = results.Single(r => r.EmployeeNo == "KR2001");
        fitter.BonusFactor.Should().Be(0.95m, "workshop B (3 %) missed: −5 %");
        fitter.Promotion.Should().Be(-3m, "4 % rework missed 3 %");

        var sheet = ExcelSheet.Read(await a.Hr.GetByteArrayAsync($"/api/v1/kpi/results/export?periodId={october.Id}"));
        sheet.Headers.Should().Contain("Bonus factor").And.Contain("Own KPIs").And.Contain("Rules applied");
        var row = sheet.Rows.Single(r => r[0] == "KR1001");
        decimal.Parse(row[sheet.Headers.ToList().IndexOf("Bonus factor")], System.Globalization.CultureInfo.InvariantCulture).Should().Be(1.1m, "the bonus factor the rule gave");
        row[sheet.Headers.ToList().IndexOf("Own KPIs")].Should().Contain("KR-REWORK").And.Contain("Met");
        row[sheet.Headers.ToList().IndexOf("Rules applied")].Should().Contain("KR-PROD · 焊接车间 · Met → Bonus factor +0.1");

        // Retiring or replacing a rule after the close changes nothing in the closed period.
        await ReadAsync<ResultRuleDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/definitions/{production.Id}/rules", new ResultRuleInput("bonus_factor", 0.5m, -0.5m, null)), HttpStatusCode.OK);
        (await ReadAsync<Page<PersonResult>>(await a.Hr.GetAsync($"/api/v1/kpi/results?periodId={october.Id}"), HttpStatusCode.OK)).Items.Single(r => r.EmployeeNo == "KR1001")
            .BonusFactor.Should().Be(1.10m);
        var worker = await EmployeeUserAsync(a, "krworker", a.Org.EmployeeA);
        (await worker.GetAsync($"/api/v1/kpi/results?periodId={october.Id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var zh = await App.SignInAsync("KRhr", Password, "zh-CN");
        (await zh.GetStringAsync($"/Performance/Results?period={october.Id}")).Should().Contain("奖金系数").And.Contain("1.1");
    }

    private static async Task<KpiDefinitionDto> DefineAsync(HttpClient hr, string code, string metric, string level, string? function, decimal target) =>
        await ReadAsync<KpiDefinitionDto>(await hr.PostAsJsonAsync("/api/v1/kpi/definitions", new KpiDefinitionInput(code,
            new KpiVersionInput("指标 " + code, "KPI " + code, metric, "lower", "percent", "month", level, function, target, new DateOnly(2026, 1, 1), null))), HttpStatusCode.OK);
}
