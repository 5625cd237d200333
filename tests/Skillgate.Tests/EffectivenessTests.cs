using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Modules.Effectiveness.Evaluations;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Tests.Infrastructure;
using Skillgate.Tests.Statistics;
using Xunit;
using Skillgate.Platform.Statistics;

namespace Skillgate.Tests;

/// <summary>
/// Evaluations built from Skillgate's own data through the API: 60 welders on one operation, 24 of them — the worst first —
/// trained in three waves by external completions, a third fewer defects from their training on. The evaluation finds the
/// effect against matched untrained welders with an interval, says so in both languages, reproduces itself, and its panel gives
/// the same figures through <c>Skillgate stats did</c>; a revoked completion stops counting; thin data get no verdict; bad
/// input and the wrong role are refused.
/// </summary>
public sealed class EffectivenessTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    private const int Welders = 60;
    private const int Weeks = 28;
    private static readonly DateOnly FirstWeek = new(2026, 4, 6);
    private static readonly int[] Waves = [10, 14, 18];

    [Fact]
    public async Task Trained_welders_defect_rate_falls_against_matched_untrained_welders_with_an_interval()
    {
        var (a, course, employees) = await PlantAsync("EF", effect: -0.35, seed: 11);
        var input = new EvaluationInput(course, FirstWeek, FirstWeek.AddDays((7 * Weeks) - 1), a.Org.WorkshopA, Title: "焊接培训效果");

        var created = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations", input), HttpStatusCode.Created);

        var r = created.Result;
        r.UnitOfAnalysis.Should().Be("person", "every defect names its welder");
        r.Verdict.Should().Be("lower");
        r.Effect!.Upper.Should().BeLessThan(0);
        r.Relative!.Estimate.Should().BeInRange(-0.6, -0.15, "the true effect is −35 %");
        r.Treated.Should().BeGreaterThanOrEqualTo(10);
        r.Controls.Should().BeGreaterThanOrEqualTo(10);
        r.EventStudy.Should().Contain(e => e.EventTime < 0).And.Contain(e => e.EventTime >= 0);
        r.Balance.Should().HaveCount(2);
        Math.Abs(r.Balance.Single(b => b.Covariate == "pre_outcome").SmdBefore).Should().BeGreaterThan(0.3, "the worst welders were trained first");
        r.Diagnostics.Should().Contain(d => d.Dimension == "format" && d.Key == "external");
        r.Diagnostics.Should().Contain(d => d.Dimension == "department");
        r.Roi.Should().NotBeNull();
        r.Roi!.DefectsAvoided.Value.Should().BeGreaterThan(0);

        var zh = await App.SignInAsync("EFhr", Password, "zh-CN");
        var page = await zh.GetStringAsync($"/Effectiveness/Details?id={created.Id}");
        page.Should().Contain("培训组缺陷率比对照组多下降").And.Contain("95% 置信区间").And.Contain("data-chart");
        var en = await a.Hr.GetStringAsync($"/Effectiveness/Details?id={created.Id}");
        en.Should().Contain("The trained group&#x27;s defect rate fell").And.Contain("Balance table");
        (await a.Hr.GetStringAsync("/Effectiveness")).Should().Contain("焊接培训效果");

        var again = await ReadAsync<ReproductionDto>(await a.Hr.GetAsync($"/api/v1/effectiveness/evaluations/{created.Id}/reproduce"), HttpStatusCode.OK);
        again.Identical.Should().BeTrue("the stored inputs give the stored result");

        var csv = Path.Combine(Path.GetTempPath(), $"skillgate-eval-{created.Id}.csv");
        await File.WriteAllBytesAsync(csv, await a.Hr.GetByteArrayAsync($"/api/v1/effectiveness/evaluations/{created.Id}/panel.csv"));
        var command = await JtrainGoldenTests.CommandAsync("stats", "did", "--csv", csv, "--unit", "unit", "--time", "period", "--y", "y", "--trained", "trained_period",
            "--stratum", "stratum", "--tenure", "tenure", "--match", "yes");
        File.Delete(csv);
        command.GetProperty("staggered").GetProperty("estimate").GetDouble().Should().BeApproximately(r.Effect.Estimate, 1e-12, "the page and the command run the same code");

        var sheet = ExcelSheet.Read(await a.Hr.GetByteArrayAsync($"/api/v1/effectiveness/evaluations/{created.Id}/export"));
        sheet.Rows.Should().Contain(row => row[0] == "Verdict");

        // The report to file, read back by pdftotext: the verdict in words, the course, the interval and the inputs' hash.
        var report = await PdfText.FlatAsync(await zh.GetByteArrayAsync($"/api/v1/effectiveness/evaluations/{created.Id}/report"));
        report.Should().Contain("培训效果评估").And.Contain("焊接培训效果").And.Contain("培训组缺陷率比对照组多下降").And.Contain(created.InputsSha256)
            .And.Contain($"{r.Treated}").And.Contain("事件研究").And.Contain((r.Effect.Estimate * 100).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "pp");
        (await CountAsync($"audit.event WHERE entity_type = 'effectiveness.evaluation' AND entity_id = '{created.Id}'")).Should().Be(1);

        // A revoked completion no longer counts: the welder it trained is back among the untrained.
        var completions = await ReadAsync<List<CompletionDto>>(await a.Hr.GetAsync($"/api/v1/courses/{course}/completions"), HttpStatusCode.OK);
        var revoked = completions.First(c => c.EmployeeId == employees[0]);
        await RevokeAsync(revoked.Id);
        var after = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations", input), HttpStatusCode.Created);
        var panel = await a.Hr.GetStringAsync($"/api/v1/effectiveness/evaluations/{after.Id}/panel.csv");
        TrainedUnits(panel).Should().HaveCount(TrainedUnits(await a.Hr.GetStringAsync($"/api/v1/effectiveness/evaluations/{created.Id}/panel.csv")).Count - 1)
            .And.NotContain(employees[0].ToString());
    }

    [Fact]
    public async Task No_effect_says_no_effect_and_thin_data_give_no_verdict()
    {
        var (a, course, _) = await PlantAsync("EN", effect: 0, seed: 12);
        var whole = new EvaluationInput(course, FirstWeek, FirstWeek.AddDays((7 * Weeks) - 1), a.Org.WorkshopA);
        var none = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations", whole), HttpStatusCode.Created);
        none.Result.Relative!.Estimate.Should().BeInRange(-0.15, 0.15, "there is no true effect (the 200 simulated plants check the verdict's rate)");
        none.Result.Effect!.Lower.Should().BeLessThan(none.Result.Effect.Upper);

        var demanding = whole with { Settings = new EvaluationSettings(MinimumTreated: 1000) };
        var thin = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations", demanding), HttpStatusCode.Created);
        thin.Result.Verdict.Should().Be("insufficient");
        thin.Result.Shortfall.Should().Be("treated");
        var zh = await App.SignInAsync("ENhr", Password, "zh-CN");
        (await zh.GetStringAsync($"/Effectiveness/Details?id={thin.Id}")).Should().Contain("数据不足，不下结论");

        // Only the first wave's welders and only weeks before the second: eight trained is below the minimum sample.
        var early = whole with { To = FirstWeek.AddDays((7 * Waves[1]) - 1) };
        var few = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations", early), HttpStatusCode.Created);
        few.Result.Verdict.Should().Be("insufficient");
    }

    [Fact]
    public async Task Untrained_welders_on_another_operation_are_compared_only_when_asked_to_match_within_the_workshop()
    {
        var (a, course, _) = await PlantAsync("EW", effect: -0.35, seed: 14, untrainedElsewhere: true);
        var input = new EvaluationInput(course, FirstWeek, FirstWeek.AddDays((7 * Weeks) - 1), a.Org.WorkshopA);

        var sameOperation = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations", input), HttpStatusCode.Created);
        sameOperation.Result.Verdict.Should().Be("insufficient", "nobody untrained works the trained welders' operation");
        sameOperation.Result.Units.Should().Be(24, "only the trained are in the panel");

        var workshop = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations",
            input with { Settings = new EvaluationSettings(Within: "workshop") }), HttpStatusCode.Created);
        workshop.Settings.Within.Should().Be("workshop");
        workshop.Result.Units.Should().Be(Welders);
        workshop.Result.Verdict.Should().Be("lower", $"{workshop.Result.Shortfall} {workshop.Result.Treated}/{workshop.Result.TreatedUnmatched} {workshop.Result.Controls} {workshop.Result.Power}");
        workshop.Result.Controls.Should().BeGreaterThanOrEqualTo(10);
        var zh = await App.SignInAsync("EWhr", Password, "zh-CN");
        (await zh.GetStringAsync($"/Effectiveness/Details?id={workshop.Id}")).Should().Contain("按同车间、培训前质量和工龄匹配");
        var anywhere = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations",
            input with { Settings = new EvaluationSettings(Within: "any") }), HttpStatusCode.Created);
        anywhere.Result.Units.Should().Be(Welders);
        (await a.Hr.GetAsync($"/api/v1/effectiveness/evaluations/{workshop.Id}/reproduce")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_field_errors_and_the_wrong_role_or_scope_cannot_evaluate()
    {
        var (a, course, _) = await PlantAsync("EB", effect: -0.35, seed: 13, welders: 12);
        var before = await CountAsync("effectiveness.evaluation");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations",
            new EvaluationInput(course, new DateOnly(2026, 9, 1), new DateOnly(2026, 8, 1), a.Org.WorkshopA, "day", "colour"))))
            .Should().BeEquivalentTo(["periodKind", "outcome", "to"]);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations",
            new EvaluationInput(Guid.NewGuid(), FirstWeek, FirstWeek.AddDays(90), a.Org.WorkshopA)))).Should().BeEquivalentTo(["courseId"]);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations",
            new EvaluationInput(course, FirstWeek, FirstWeek.AddDays(90), a.Org.WorkshopA, Settings: new EvaluationSettings(Caliper: -1, Permutations: 5000, Within: "planet")))))
            .Should().BeEquivalentTo(["settings.caliper", "settings.permutations", "settings.within"]);
        var zh = await App.SignInAsync("EBhr", Password, "zh-CN");
        var problem = await (await zh.PostAsJsonAsync("/api/v1/effectiveness/evaluations",
            new EvaluationInput(course, new DateOnly(2026, 9, 1), new DateOnly(2026, 8, 1), a.Org.WorkshopA))).Content.ReadAsStringAsync();
        problem.Should().Contain("结束日期必须晚于开始日期");
        (await CountAsync("effectiveness.evaluation")).Should().Be(before, "refused input leaves nothing behind");

        var input = new EvaluationInput(course, FirstWeek, FirstWeek.AddDays((7 * Weeks) - 1), a.Org.WorkshopA);
        var instructor = await UserAsync(a, "EBteach", "Instructor");
        (await instructor.PostAsJsonAsync("/api/v1/effectiveness/evaluations", input)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await instructor.GetAsync("/api/v1/effectiveness/evaluations")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var created = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations", input), HttpStatusCode.Created);

        // A production manager of the other workshop reads evaluations but not this one, and cannot run one here.
        await App.CreateUserAsync(a.Admin, "EBprod", ["ProductionManager"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var production = await App.SignInAsync("EBprod", Password);
        (await production.GetAsync($"/api/v1/effectiveness/evaluations/{created.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadAsync<Page<EvaluationSummary>>(await production.GetAsync("/api/v1/effectiveness/evaluations"), HttpStatusCode.OK)).Items.Should().NotContain(e => e.Id == created.Id);
        (await production.PostAsJsonAsync("/api/v1/effectiveness/evaluations", input)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await production.GetAsync($"/Effectiveness/Details?id={created.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Deleting asks on the page and is audited.
        (await a.Hr.GetStringAsync($"/Effectiveness/Details?id={created.Id}")).Should().Contain("data-confirm");
        (await a.Hr.DeleteAsync($"/api/v1/effectiveness/evaluations/{created.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await a.Hr.GetAsync($"/api/v1/effectiveness/evaluations/{created.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await CountAsync($"audit.event WHERE entity_type = 'effectiveness.evaluation' AND entity_id = '{created.Id}' AND action = 'deleted'")).Should().Be(1);
    }

    [Fact]
    public async Task Cost_rates_are_set_per_target_and_feed_cost_vs_saving()
    {
        var (a, course, _) = await PlantAsync("EC", effect: -0.35, seed: 14);
        await ReadAsync<CostRateDto>(await a.Hr.PutAsJsonAsync("/api/v1/effectiveness/cost-rates", new CostRateInput("labour_hour", 50)), HttpStatusCode.OK);
        await ReadAsync<CostRateDto>(await a.Hr.PutAsJsonAsync("/api/v1/effectiveness/cost-rates", new CostRateInput("labour_hour", 80, a.Org.WorkshopA)), HttpStatusCode.OK);
        await ReadAsync<CostRateDto>(await a.Hr.PutAsJsonAsync("/api/v1/effectiveness/cost-rates", new CostRateInput("defect", 120, DefectType: "EC-PORE")), HttpStatusCode.OK);
        var updated = await ReadAsync<CostRateDto>(await a.Hr.PutAsJsonAsync("/api/v1/effectiveness/cost-rates", new CostRateInput("defect", 150, DefectType: "EC-PORE")), HttpStatusCode.OK);
        updated.Amount.Should().Be(150);
        (await ReadAsync<List<CostRateDto>>(await a.Hr.GetAsync("/api/v1/effectiveness/cost-rates"), HttpStatusCode.OK)).Should().HaveCount(3, "setting a rate again replaces it");
        (await ErrorFieldsAsync(await a.Hr.PutAsJsonAsync("/api/v1/effectiveness/cost-rates", new CostRateInput("defect", -1, a.Org.WorkshopA))))
            .Should().BeEquivalentTo(["amount", "kind"]);

        var created = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations",
            new EvaluationInput(course, FirstWeek, FirstWeek.AddDays((7 * Weeks) - 1), a.Org.WorkshopA)), HttpStatusCode.Created);
        var roi = created.Result.Roi!;
        roi.CostPerDefect.Should().Be(150);
        roi.LabourCost.Should().Be(80m * 2 * roi.Participants, "the workshop's rate beats the default for its welders, 2 class hours each");
        roi.ParticipantCost.Should().Be(roi.Participants * 120m);
        roi.Benefit.Value.Should().BeApproximately(roi.DefectsAvoided.Value * 150, 1e-6);
        roi.Benefit.Lower.Should().BeLessThanOrEqualTo(roi.Benefit.Value).And.Subject.Should().BeLessThanOrEqualTo(roi.Benefit.Upper);
        (await a.Hr.GetStringAsync("/Effectiveness/Costs")).Should().Contain("EC-PORE").And.Contain("150.00");
    }

    [Fact]
    public async Task Defects_that_name_no_operator_make_the_line_the_unit_and_one_line_is_too_few_for_a_verdict()
    {
        var (a, course, _) = await PlantAsync("EL", effect: -0.35, seed: 16, welders: 20, attributed: false);
        var created = await ReadAsync<EvaluationDto>(await a.Hr.PostAsJsonAsync("/api/v1/effectiveness/evaluations",
            new EvaluationInput(course, FirstWeek, FirstWeek.AddDays((7 * Weeks) - 1), a.Org.WorkshopA)), HttpStatusCode.Created);
        created.Result.UnitOfAnalysis.Should().Be("line", "no defect names its welder, so the line's rate is the outcome");
        created.Result.Units.Should().Be(1);
        created.Result.Verdict.Should().Be("insufficient");
        created.Result.Shortfall.Should().Be("clusters", "errors are clustered by line and one line is not enough");
    }

    [Fact]
    public async Task Work_years_equal_the_records_counts_and_defects_they_sum_after_inserts_updates_and_deletes()
    {
        await PlantAsync("EK", effect: -0.35, seed: 15, welders: 12);
        await using (var data = App.OpenDataSource())
        {
            ((long)(await data.CreateCommand("SELECT count(*) FROM quality.work_year").ExecuteScalarAsync())!).Should().BePositive();
        }

        (await WorkMismatchesAsync()).Should().Be(0, "every ingested record, count and defect is in its year's bucket");
        await using (var data = App.OpenDataSource())
        {
            await data.CreateCommand("""
                UPDATE quality.operation_record SET started_at = started_at + interval '24 days' WHERE external_id LIKE 'EK-B0%';
                UPDATE quality.production_count SET produced = produced + 7, reworked = reworked + 2 WHERE external_id LIKE 'EK-B1%';
                DELETE FROM quality.defect WHERE external_id LIKE 'EK-B2%';
                DELETE FROM quality.operation_record WHERE external_id LIKE 'EK-B03-%';
                """).ExecuteNonQueryAsync();
        }

        (await WorkMismatchesAsync()).Should().Be(0, "an update moves its rows' sums and a delete takes them off");
    }

    [Fact]
    public async Task Bucket_slots_number_each_years_buckets_as_the_panel_reads_them()
    {
        await using var data = App.OpenDataSource();
        var slots = new List<(DateOnly Day, int Slot)>();
        await using (var reader = await data.CreateCommand(
            "SELECT d::date, quality.bucket_slot(d::date) FROM generate_series('2024-01-01'::date, '2028-12-31'::date, interval '1 day') d").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                slots.Add((reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1)));
            }
        }

        slots.Should().HaveCount(1827);
        foreach (var (day, slot) in slots)
        {
            var buckets = WorkWindow.Buckets(day.Year);
            buckets[slot].Should().BeOnOrBefore(day, "{0} is in bucket {1} of its year", day, slot);
            (slot + 1 == buckets.Count || buckets[slot + 1] > day).Should().BeTrue("{0} is in the last bucket starting on or before it", day);
        }

        var window = new WorkWindow(Periods.Between("week", new DateOnly(2025, 12, 29), new DateOnly(2026, 2, 1)), new DateOnly(2025, 12, 29), new DateOnly(2026, 2, 1));
        window.Years.Should().Equal(2025, 2026);
        window.PeriodsOf(2025).Should().Equal(new[] { 0 }, "29–31 December 2025 is the first week's bucket in 2025");
        window.PeriodsOf(2026).Should().Equal(new[] { 0, 1, 2, 3, 4, 4 }, "1–4 January finishes that week; 1 February, a Sunday, starts a second bucket in the fifth week");
    }

    /// <summary>
    /// Work-year and line-year elements whose sums differ from those recomputed from the tables (elements summing to nothing count
    /// as absent).
    /// </summary>
    private async Task<long> WorkMismatchesAsync()
    {
        await using var data = App.OpenDataSource();
        return (long)(await data.CreateCommand("""
            WITH raw AS (
                SELECT employee_id, operation_id, line_id, org_unit_id, extract(year FROM day)::int AS year, quality.bucket_slot(day) AS slot,
                       sum(records)::bigint AS records, sum(produced)::bigint AS produced, sum(reworked)::bigint AS reworked, sum(defects)::bigint AS defects
                FROM (SELECT employee_id, operation_id, line_id, org_unit_id, (started_at AT TIME ZONE 'UTC')::date AS day, 1 AS records, 0 AS produced, 0 AS reworked, 0 AS defects
                      FROM quality.operation_record
                      UNION ALL SELECT employee_id, operation_id, line_id, NULL, produced_on, 0, produced, reworked, 0 FROM quality.production_count
                      UNION ALL SELECT employee_id, operation_id, line_id, NULL, found_on, 0, 0, 0, quantity FROM quality.defect) s
                GROUP BY 1, 2, 3, 4, 5, 6),
            raw_work AS (SELECT * FROM raw WHERE employee_id IS NOT NULL AND (records, produced, reworked, defects) <> (0, 0, 0, 0)),
            raw_line AS (
                SELECT line_id, operation_id, employee_id IS NOT NULL AS named, year, slot, sum(records)::bigint AS records, sum(produced)::bigint AS produced,
                       sum(reworked)::bigint AS reworked, sum(defects)::bigint AS defects
                FROM raw GROUP BY 1, 2, 3, 4, 5 HAVING (sum(records), sum(produced), sum(reworked), sum(defects)) <> (0, 0, 0, 0)),
            kept_work AS (
                SELECT w.employee_id, w.operation_id, w.line_id, w.org_unit_id, w.year, (u.n - 1)::int AS slot, coalesce(u.r, 0), coalesce(u.p, 0), coalesce(u.rw, 0), coalesce(u.d, 0)
                FROM quality.work_year w, unnest(quality.unpack(w.records), quality.unpack(w.produced), quality.unpack(w.reworked), quality.unpack(w.defects)) WITH ORDINALITY u (r, p, rw, d, n)
                WHERE (coalesce(u.r, 0), coalesce(u.p, 0), coalesce(u.rw, 0), coalesce(u.d, 0)) <> (0, 0, 0, 0)),
            kept_line AS (
                SELECT l.line_id, l.operation_id, l.named, l.year, (u.n - 1)::int AS slot, u.r, u.p, u.w, u.d
                FROM quality.line_year l, unnest(l.records, l.produced, l.reworked, l.defects) WITH ORDINALITY u (r, p, w, d, n)
                WHERE (coalesce(u.r, 0), coalesce(u.p, 0), coalesce(u.w, 0), coalesce(u.d, 0)) <> (0, 0, 0, 0))
            SELECT (SELECT count(*) FROM (SELECT * FROM raw_work EXCEPT SELECT * FROM kept_work) a) + (SELECT count(*) FROM (SELECT * FROM kept_work EXCEPT SELECT * FROM raw_work) b)
                 + (SELECT count(*) FROM (SELECT * FROM raw_line EXCEPT SELECT * FROM kept_line) c) + (SELECT count(*) FROM (SELECT * FROM kept_line EXCEPT SELECT * FROM raw_line) d)
            """).ExecuteScalarAsync())!;
    }

    /// <summary>
    /// A workshop with <paramref name="welders"/> welders on one operation over 28 weeks: each welder's own defect rate, 1,200–1,800
    /// welds a week counted per welder, defects attributed to the welder; the worst 40 % trained in three waves by external
    /// completions, their rate multiplied by 1 + <paramref name="effect"/> from their training week.
    /// </summary>
    /// <summary>
    /// The plant; with <paramref name="untrainedElsewhere"/> those never trained work a second welding operation; without
    /// <paramref name="attributed"/> its defects name no welder.
    /// </summary>
    private async Task<(Actors Actors, Guid Course, List<Guid> Trained)> PlantAsync(
        string prefix, double effect, int seed, int welders = Welders, bool untrainedElsewhere = false, bool attributed = true)
    {
        var a = await ActorsAsync(prefix);
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = prefix + "-WELD", name = "焊接", orgUnitId = a.Org.WorkshopA });
        if (untrainedElsewhere)
        {
            await PostIdAsync(a.Hr, "/api/v1/operations", new { code = prefix + "-WELD2", name = "焊接二", orgUnitId = a.Org.WorkshopA });
        }

        var random = new Random(seed);
        var numbers = Enumerable.Range(1, welders).Select(i => $"{prefix}{i:000}").ToList();
        var ids = new List<Guid>();
        var rates = new double[welders];
        foreach (var (no, i) in numbers.Select((n, i) => (n, i)))
        {
            var hired = new DateOnly(2012, 1, 1).AddDays(random.Next(4000));
            ids.Add(await PostIdAsync(a.Admin, "/api/v1/employees", new
            {
                employeeNo = no, name = "焊工" + no, phone = (string?)null, email = (string?)null, orgUnitId = a.Org.WorkshopA, positionId = a.Org.PositionA,
                managerId = (Guid?)null, shiftGroupId = (Guid?)null, hireDate = hired.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            }));
            rates[i] = 0.02 * Math.Exp(0.5 * RandomDraws.Normal(random));
        }

        var worst = Enumerable.Range(0, welders).OrderByDescending(i => rates[i]).Take(welders * 2 / 5).ToList();
        var wave = worst.Select((w, k) => (w, Wave: Waves[k * Waves.Length / worst.Count])).ToDictionary(x => x.w, x => x.Wave);
        var course = await CreateCourseAsync(a.Author, prefix + "-TRAIN", "焊接工艺培训", "external", requiresExam: false);
        await PublishAsync(a, course.Id);
        var evidence = await PostFileAsync(a.Hr, new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "file", "certificate.pdf" } });
        foreach (var (w, week) in wave)
        {
            var on = FirstWeek.AddDays((7 * week) + 2);
            await ReadAsync<CompletionDto>(await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/external-completions", new ExternalCompletionInput(ids[w], on, evidence)), HttpStatusCode.Created);
        }

        var records = new List<OperationRecordInput>();
        var counts = new List<CountInput>();
        var defects = new List<DefectInput>();
        for (var t = 0; t < Weeks; t++)
        {
            var monday = FirstWeek.AddDays(7 * t);
            var season = 1 + (0.2 * Math.Sin(2 * Math.PI * t / 13));
            for (var i = 0; i < welders; i++)
            {
                var batch = $"{prefix}-B{t:00}-{i:000}";
                var units = 1200 + random.Next(601);
                var rate = rates[i] * season * (wave.TryGetValue(i, out var g) && t >= g ? 1 + effect : 1);
                var operation = untrainedElsewhere && !wave.ContainsKey(i) ? prefix + "-WELD2" : prefix + "-WELD";
                records.Add(new OperationRecordInput($"{batch}-O", batch, "支架", prefix + "-WA", operation, null, numbers[i],
                    new DateTimeOffset(monday.AddDays(1).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), null));
                counts.Add(new CountInput($"{batch}-C", batch, "支架", prefix + "-WA", operation, numbers[i], monday.AddDays(1), units, 0, null));
                var found = RandomDraws.Poisson(random, units * rate);
                if (found > 0)
                {
                    defects.Add(new DefectInput($"{batch}-D", batch, prefix + "-WA", operation, prefix + "-PORE", found, "man", attributed ? numbers[i] : null, monday.AddDays(2)));
                }
            }
        }

        await IngestAsync(a.Author, "/api/v1/quality/operation-records", records);
        await IngestAsync(a.Author, "/api/v1/quality/counts", counts);
        await IngestAsync(a.Author, "/api/v1/quality/defects", defects);
        return (a, course.Id, worst.Select(w => ids[w]).ToList());
    }

    private static async Task IngestAsync<T>(HttpClient client, string url, List<T> items)
    {
        foreach (var chunk in items.Chunk(2000))
        {
            await ReadAsync<IngestResult>(await client.PostAsJsonAsync(url, chunk), HttpStatusCode.OK);
        }
    }

    private async Task RevokeAsync(Guid completion)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().ActAs(null, "test");
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        await using var tx = await work.BeginAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ICourseCompletions>().RevokeAsync(completion, "attendance rejected", CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    private static List<string> TrainedUnits(string csv) => csv.Split('\n').Skip(1).Where(l => l.Length > 0)
        .Select(l => l.Split(',')).Where(f => f[5].Length > 0).Select(f => f[0]).Distinct().ToList();

    private async Task<HttpClient> UserAsync(Actors a, string name, string role)
    {
        await App.CreateUserAsync(a.Admin, name, [role], scopeAll: true);
        return await App.SignInAsync(name, Password);
    }
}
