using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Performance;

/// <summary>KPIs computed from the plant's data, closed with HR's signature, locked, and reproduced after their definition changed.</summary>
public sealed class KpiTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_closed_period_keeps_its_scores_when_the_definition_changes_and_recomputing_it_reproduces_them_exactly()
    {
        var a = await ActorsAsync("KP");
        var (l1, l2) = await PlantDataAsync(a, "KP", new DateOnly(2026, 7, 1));
        var unitRate = await DefineAsync(a.Hr, "KP-DEFECTS", "defect_rate", "org_unit", "lower", 2.0m, new DateOnly(2026, 1, 1), "production");
        var rework = await DefineAsync(a.Hr, "KP-REWORK", "rework_rate", "person", "lower", 2.5m, new DateOnly(2026, 1, 1));
        var july = await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", new DateOnly(2026, 7, 1))), HttpStatusCode.OK);
        (await ReadAsync<KpiComputeResult>(await a.Hr.PostAsync($"/api/v1/kpi/periods/{july.Id}/compute", null), HttpStatusCode.OK)).Definitions.Should().Be(2);

        var scores = await ScoresAsync(a.Hr, july.Id);
        Value(scores, unitRate.Id, l1).Should().Be(2.0m, "20 defective of 1,000 on line 1");
        Value(scores, unitRate.Id, l2).Should().Be(1.0m);
        Value(scores, unitRate.Id, a.Org.WorkshopA).Should().Be(2.0m, "a workshop sums the lines below it");
        Value(scores, unitRate.Id, a.Org.Plant).Should().Be(1.6667m, "25 of 1,500, rounded to four decimals");
        scores.Should().NotContain(s => s.SubjectId == a.Org.Group, "the group holds no production function");
        scores.Single(s => s.DefinitionId == unitRate.Id && s.SubjectId == l1).Met.Should().BeTrue("2.0 % meets a target of at most 2.0 %");
        scores.Single(s => s.DefinitionId == rework.Id && s.SubjectId == a.Org.EmployeeA).Should().Match<KpiScoreDto>(s => s.Value == 3.0m && s.Met == false);
        scores.Single(s => s.DefinitionId == rework.Id && s.SubjectId == a.Org.EmployeeB).Met.Should().BeTrue();

        // Every number drills down to the records it came from, which add up to it.
        var drill = await ReadAsync<KpiDrillDown>(await a.Hr.GetAsync($"/api/v1/kpi/scores/{scores.Single(s => s.DefinitionId == unitRate.Id && s.SubjectId == l1).Id}"), HttpStatusCode.OK);
        drill.Records.Select(r => r.Kind).Should().BeEquivalentTo(["defect", "count"]);
        drill.Records.Single(r => r.Kind == "defect").Cause.Should().Be("man");
        (drill.SumNumerator, drill.SumDenominator).Should().Be((20m, 1000m));

        // A wrong password leaves the period open and its scores as they were.
        var before = await ScoresAsync(a.Hr, july.Id);
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/periods/{july.Id}/close", new KpiCloseInput("wrong-password", "关账")), HttpStatusCode.Conflict)).Should().Be("signature_invalid");
        (await ReadAsync<KpiPeriodDto>(await a.Hr.GetAsync($"/api/v1/kpi/periods/{july.Id}"), HttpStatusCode.OK)).Status.Should().Be("open");
        (await a.Author.PostAsJsonAsync($"/api/v1/kpi/periods/{july.Id}/close", new KpiCloseInput(Password, "关账"))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "only HR closes a period");

        var closed = await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/periods/{july.Id}/close", new KpiCloseInput(Password, "本人确认 2026-07 考核结果")), HttpStatusCode.OK);
        closed.Status.Should().Be("closed");
        closed.InputsHash.Should().NotBeNullOrEmpty();
        Snapshot(await ScoresAsync(a.Hr, july.Id)).Should().Equal(Snapshot(before), "nothing changed in the data between the last computation and the close");
        (await CountAsync($"audit.event WHERE entity_type = 'kpi_period' AND entity_id = '{july.Id}' AND action = 'closed'")).Should().Be(1);
        (await CountAsync($"platform.e_signature WHERE entity_type = 'kpi_period' AND entity_id = '{july.Id}'")).Should().Be(1);

        // Late data for July, a new version of the KPI, and an attempt to reach back into July: July does not move.
        App.Clock.Advance(TimeSpan.FromHours(1));
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/defects", new[] { new DefectInput("KP-LATE", "KP-L1-B", "KP-L1", "KP-OP", "气孔", 30, "man", "KP1001", new DateOnly(2026, 7, 20)) }), HttpStatusCode.OK);
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/definitions/{unitRate.Id}/versions", Version("defect_rate", "org_unit", "lower", 1.0m, new DateOnly(2026, 7, 1), "production")), HttpStatusCode.Conflict))
            .Should().Be("kpi_version_backdated");
        var v2 = await ReadAsync<KpiDefinitionDto>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/definitions/{unitRate.Id}/versions",
            Version("defect_rate", "org_unit", "lower", 1.0m, new DateOnly(2026, 8, 1), "production")), HttpStatusCode.OK);
        v2.Versions.Should().HaveCount(2);
        (await CodeAsync(await a.Hr.PostAsync($"/api/v1/kpi/periods/{july.Id}/compute", null), HttpStatusCode.Conflict)).Should().Be("kpi_period_closed");
        Snapshot(await ScoresAsync(a.Hr, july.Id)).Should().Equal(Snapshot(before));
        var reproduction = await ReadAsync<KpiReproduction>(await a.Hr.GetAsync($"/api/v1/kpi/periods/{july.Id}/reproduce"), HttpStatusCode.OK);
        reproduction.Identical.Should().BeTrue(string.Join("; ", reproduction.Differences));
        reproduction.Recomputed.Should().Be(reproduction.Stored).And.Be(before.Count);

        // The database itself refuses to change a closed period's scores or a published version.
        await using (var ds = App.OpenDataSource())
        {
            var update = () => ds.CreateCommand($"UPDATE kpi.score SET value = 0 WHERE period_id = '{july.Id}'").ExecuteNonQueryAsync();
            await update.Should().ThrowAsync<PostgresException>();
            var edit = () => ds.CreateCommand($"UPDATE kpi.definition_version SET target = 9 WHERE definition_id = '{unitRate.Id}'").ExecuteNonQueryAsync();
            await edit.Should().ThrowAsync<PostgresException>();
        }

        // August is scored with version 2 (target 1.0 %): 1.5 % met July's target and misses August's; the late July defect stays in July.
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/counts", new[] { new CountInput("KP-C8", "KP-L1-B8", "支架", "KP-L1", "KP-OP", "KP1001", new DateOnly(2026, 8, 10), 1000, 0, null) }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/defects", new[] { new DefectInput("KP-D8", "KP-L1-B8", "KP-L1", "KP-OP", "气孔", 15, "man", "KP1001", new DateOnly(2026, 8, 12)) }), HttpStatusCode.OK);
        var august = await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", new DateOnly(2026, 8, 1))), HttpStatusCode.OK);
        await ReadAsync<KpiComputeResult>(await a.Hr.PostAsync($"/api/v1/kpi/periods/{august.Id}/compute", null), HttpStatusCode.OK);
        var line1August = (await ScoresAsync(a.Hr, august.Id)).Single(s => s.DefinitionId == unitRate.Id && s.SubjectId == l1);
        line1August.Should().Match<KpiScoreDto>(s => s.Version == 2 && s.Target == 1.0m && s.Value == 1.5m && s.Met == false);
    }

    [Fact]
    public async Task People_see_their_own_scores_managers_their_scope_and_bad_input_changes_nothing()
    {
        var a = await ActorsAsync("KQ");
        var (_, l2) = await PlantDataAsync(a, "KQ", new DateOnly(2026, 9, 1));
        var rework = await DefineAsync(a.Hr, "KQ-REWORK", "rework_rate", "person", "lower", 2.5m, new DateOnly(2026, 1, 1));
        await DefineAsync(a.Hr, "KQ-UNITS", "defect_ppm", "org_unit", "lower", 15000m, new DateOnly(2026, 1, 1));
        var checklist = await PostIdAsync(a.Author, "/api/v1/supervision/checklists", new ChecklistInput("KQ-CL", "焊接工艺检查", "KQ-OP", ["预热", "电流", "清根"]));
        await ReadAsync<object>(await a.Author.PostAsJsonAsync("/api/v1/supervision/checks",
            new CheckInput(checklist, "KQ1001", null, [new CheckItemInput(true, null, null), new CheckItemInput(false, "电流偏高", null), new CheckItemInput(true, null, null)], null, false)), HttpStatusCode.Created);
        var compliance = await DefineAsync(a.Hr, "KQ-COMPLIANCE", "process_compliance", "person", "higher", 100m, new DateOnly(2026, 1, 1));
        var september = await PeriodAsync(a.Hr, new DateOnly(2026, 9, 1));
        var november = await PeriodAsync(a.Hr, new DateOnly(2026, 11, 1));
        (await ScoresAsync(a.Hr, november.Id)).Single(s => s.DefinitionId == compliance.Id && s.SubjectId == a.Org.EmployeeA)
            .Should().Match<KpiScoreDto>(s => s.Numerator == 2 && s.Denominator == 3 && s.Value == 66.6667m && s.Met == false, "two of three check items passed");

        // The worker sees their own scores and their records, not anyone else's, and not the KPI pages.
        var worker = await EmployeeUserAsync(a, "kqworker", a.Org.EmployeeA);
        var mine = await ReadAsync<List<KpiScoreDto>>(await worker.GetAsync("/api/v1/kpi/my"), HttpStatusCode.OK);
        mine.Should().NotBeEmpty().And.OnlyContain(s => s.SubjectId == a.Org.EmployeeA);
        (await worker.GetAsync("/api/v1/kpi/scores")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var own = mine.First(s => s.DefinitionId == rework.Id);
        (await worker.GetStringAsync($"/Performance/Scores/Score?id={own.Id}")).Should().Contain("KQ-L1-B");
        var others = (await ScoresAsync(a.Hr, september.Id)).First(s => s.SubjectId == a.Org.EmployeeB);
        (await worker.GetAsync($"/Performance/Scores/Score?id={others.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await worker.GetStringAsync("/Performance/My")).Should().Contain("data-chart");

        // A department head of workshop B sees B's people and units, not A's.
        await App.CreateUserAsync(a.Admin, "kqhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var head = await App.SignInAsync("kqhead", Password);
        var seen = await ScoresAsync(head, september.Id);
        seen.Should().Contain(s => s.SubjectId == a.Org.EmployeeB).And.Contain(s => s.SubjectId == l2);
        seen.Should().NotContain(s => s.SubjectId == a.Org.EmployeeA || s.SubjectId == a.Org.WorkshopA);
        (await head.PostAsJsonAsync("/api/v1/kpi/definitions", new KpiDefinitionInput("KQ-X", Version("defect_rate", "company", "lower", 1m, new DateOnly(2027, 1, 1)))))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Bad input: every field named, in the caller's language, and nothing written.
        var definitions = await CountAsync("kpi.definition_version");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/kpi/definitions",
            new KpiDefinitionInput(" ", new KpiVersionInput("", null, "colour", "up", "kg", "week", "planet", "nowhere", -1m, new DateOnly(2027, 1, 15), null)))))
            .Should().BeEquivalentTo(["code", "nameZh", "nameEn", "metric", "direction", "unit", "period", "level", "functionCode", "target", "effectiveFrom"]);
        (await CodeAsync(await a.Hr.PostAsJsonAsync("/api/v1/kpi/definitions", new KpiDefinitionInput("kq-rework", Version("rework_rate", "person", "lower", 2m, new DateOnly(2027, 1, 1)))), HttpStatusCode.Conflict))
            .Should().Be("kpi_code_taken");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("quarter", new DateOnly(2026, 2, 1))))).Should().Equal("startsOn");
        (await CodeAsync(await a.Hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", new DateOnly(2026, 9, 1))), HttpStatusCode.Conflict)).Should().Be("kpi_period_exists");
        (await CountAsync("kpi.definition_version")).Should().Be(definitions);
        var zh = await App.SignInAsync("KQhr", Password, "zh-CN");
        var problem = await zh.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("quarter", new DateOnly(2026, 2, 1)));
        (await problem.Content.ReadAsStringAsync()).Should().Contain("季度周期须从该周期的第一天开始");
        (await zh.GetStringAsync($"/Performance/Scores?period={september.Id}")).Should().Contain("考核得分").And.Contain("达标");
    }

    private static KpiVersionInput Version(string metric, string level, string direction, decimal target, DateOnly from, string? function = null) =>
        new("指标 " + metric, "KPI " + metric, metric, direction, metric.Contains("ppm", StringComparison.Ordinal) ? "ppm" : "percent", "month", level, function, target, from, null);

    private static async Task<KpiDefinitionDto> DefineAsync(HttpClient hr, string code, string metric, string level, string direction, decimal target, DateOnly from, string? function = null) =>
        await ReadAsync<KpiDefinitionDto>(await hr.PostAsJsonAsync("/api/v1/kpi/definitions", new KpiDefinitionInput(code, Version(metric, level, direction, target, from, function))), HttpStatusCode.OK);

    private static async Task<KpiPeriodDto> PeriodAsync(HttpClient hr, DateOnly start)
    {
        var period = await ReadAsync<KpiPeriodDto>(await hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", start)), HttpStatusCode.OK);
        await ReadAsync<KpiComputeResult>(await hr.PostAsync($"/api/v1/kpi/periods/{period.Id}/compute", null), HttpStatusCode.OK);
        return period;
    }

    /// <summary>Line 1 under workshop A (worker A: 1,000 made, 30 reworked, 20 defective by man) and line 2 under workshop B (worker B: 500, 5, 5 by method).</summary>
    private async Task<(Guid L1, Guid L2)> PlantDataAsync(Actors a, string prefix, DateOnly month)
    {
        var l1 = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = prefix + "-L1", name = "焊接一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        var l2 = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = prefix + "-L2", name = "总装二线", unitType = "line", parentId = a.Org.WorkshopB, functions = new[] { "production" } });
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = prefix + "-OP", name = "焊接", orgUnitId = a.Org.Plant });
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/counts", new[]
        {
            new CountInput($"{prefix}-C1", $"{prefix}-L1-B", "支架", $"{prefix}-L1", $"{prefix}-OP", $"{prefix}1001", month.AddDays(9), 1000, 30, null),
            new CountInput($"{prefix}-C2", $"{prefix}-L2-B", "支架", $"{prefix}-L2", $"{prefix}-OP", $"{prefix}2001", month.AddDays(9), 500, 5, null),
        }), HttpStatusCode.OK);
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/defects", new[]
        {
            new DefectInput($"{prefix}-D1", $"{prefix}-L1-B", $"{prefix}-L1", $"{prefix}-OP", "气孔", 20, "man", $"{prefix}1001", month.AddDays(12)),
            new DefectInput($"{prefix}-D2", $"{prefix}-L2-B", $"{prefix}-L2", $"{prefix}-OP", "裂纹", 5, "method", $"{prefix}2001", month.AddDays(12)),
        }), HttpStatusCode.OK);
        return (l1, l2);
    }

    private static async Task<List<KpiScoreDto>> ScoresAsync(HttpClient client, Guid period) =>
        (await ReadAsync<Page<KpiScoreDto>>(await client.GetAsync($"/api/v1/kpi/scores?periodId={period}&pageSize=200"), HttpStatusCode.OK)).Items.ToList();

    private static decimal? Value(IEnumerable<KpiScoreDto> scores, Guid definition, Guid subject) => scores.Single(s => s.DefinitionId == definition && s.SubjectId == subject).Value;

    private static List<string> Snapshot(IEnumerable<KpiScoreDto> scores) =>
        scores.Select(s => $"{s.DefinitionId} {s.SubjectId} {s.Numerator:0.####} {s.Denominator:0.####} {s.Value:0.####} {s.Target:0.####} {s.Met}").Order(StringComparer.Ordinal).ToList();
}
