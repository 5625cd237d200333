using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Modules.Performance.Goals;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Modules.Performance.Results;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Performance.Demo;

/// <summary>
/// With the demo plant: the quality director's KPIs — production's defect rate, the company's defect ppm, each worker's process
/// compliance and rework rate, the lines' first-pass yield, sales' complaint timeliness, QA's CAPAs, inspectors' missed
/// inspections, departments' workflow timeliness, production's training completion and qualification coverage, and the company's
/// training attendance — scored for the last three months, the last quarter and this month so far (the workflows, sessions and
/// qualification history of the demo all start today), the article's bonus, commission and promotion
/// rules, and the goal cascade from the company to the workshops and the welders.
/// </summary>
internal sealed class PerformanceDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using (var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM kpi.definition)") ||
                !await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM quality.production_count_v)"))
            {
                return;
            }
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var since = thisMonth.AddMonths(-12);
        var definitions = services.GetRequiredService<DefinitionHandler>();
        var kpis = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (code, zh, en, metric, direction, unit, period, level, function, target) in Kpis)
        {
            kpis[code] = (await definitions.CreateAsync(new KpiDefinitionInput(code, new KpiVersionInput(zh, en, metric, direction, unit, period, level, function, target, since, "")), cancellationToken)).Id;
        }

        // The quality director's example: production's department bonus moves +10 % when its defect rate is met, −5 % when missed.
        await services.GetRequiredService<ResultRuleHandler>().AddAsync(kpis["PROD-DEFECT-RATE"], new ResultRuleInput("bonus_factor", 0.10m, -0.05m, "生产部门：次品率达标奖金 +10%，超标 −5%"), cancellationToken);
        await services.GetRequiredService<ResultRuleHandler>().AddAsync(kpis["WORKER-COMPLIANCE"], new ResultRuleInput("promotion", 5m, -3m, "工艺达标计入晋升评分"), cancellationToken);
        // And its sales commission (+0.1 when complaints are handled in time, −0.05 when not) and QA manager's promotion score (+5 / −3 on CAPA completion).
        await services.GetRequiredService<ResultRuleHandler>().AddAsync(kpis["SALES-COMPLAINT-TIMELY"], new ResultRuleInput("commission", 0.1m, -0.05m, "销售：投诉处理及时率达标提成系数 +0.1，未达标 −0.05"), cancellationToken);
        await services.GetRequiredService<ResultRuleHandler>().AddAsync(kpis["QA-CAPA-ON-TIME"], new ResultRuleInput("promotion", 5m, -3m, "质量经理：CAPA 按时完成率达标晋升评分 +5，未达标 −3"), cancellationToken);

        var periods = services.GetRequiredService<PeriodHandler>();
        var quarter = new DateOnly(thisMonth.Year, ((thisMonth.Month - 1) / 3 * 3) + 1, 1).AddMonths(-3);
        var months = new List<KpiPeriodDto>();
        foreach (var (kind, start) in new[] { ("month", thisMonth.AddMonths(-3)), ("month", thisMonth.AddMonths(-2)), ("month", thisMonth.AddMonths(-1)), ("quarter", quarter), ("month", thisMonth) })
        {
            var created = await periods.CreateAsync(new KpiPeriodInput(kind, start), cancellationToken);
            await periods.ComputeAsync(created.Id, cancellationToken);
            months.Add(created);
        }

        await SeedGoalsAsync(services, kpis, months[0], thisMonth, cancellationToken);
    }

    /// <summary>The director's cascade: the company's defect rate down 5 % on the first month, broken down to the production workshops and, by template, to every welder.</summary>
    private static async Task SeedGoalsAsync(IServiceProvider services, Dictionary<string, Guid> kpis, KpiPeriodDto baseline, DateOnly thisMonth, CancellationToken ct)
    {
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var workshops = (await connection.QueryAsync<(Guid Id, string Name)>("SELECT id, name FROM org.org_unit_v WHERE code IN ('P1-WELD', 'P1-ASSY') ORDER BY code DESC")).ToList();
        var welder = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM org.position_v WHERE code = 'P1-WELD-WELDER'");
        if (workshops.Count < 2 || welder is null)
        {
            return;
        }

        var goals = services.GetRequiredService<GoalHandler>();
        var from = baseline.StartsOn.AddMonths(1);
        var due = thisMonth.AddDays(-1);
        var company = await goals.CreateAsync(new GoalInput(null, "公司次品率较基准月下降 5%", kpis["COMPANY-DEFECT-PPM"], null, null, baseline.Id, -5m, 1m, from, due, null), ct);
        var weights = new[] { 0.6m, 0.4m };
        var departments = new List<GoalNode>();
        for (var i = 0; i < workshops.Count; i++)
        {
            departments.Add(await goals.CreateAsync(
                new GoalInput(company.Id, $"{workshops[i].Name}次品率", kpis["PROD-DEFECT-RATE"], workshops[i].Id, 1.5m, null, null, weights[i], from, due, null), ct));
        }

        var templates = services.GetRequiredService<GoalTemplateHandler>();
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
        var template = await templates.CreateAsync(
            new GoalTemplateInput("WELDER-COMPLIANCE", "焊工工艺达标率 100%", "Welder process compliance 100 %", kpis["WORKER-COMPLIANCE"], "person", null, welder, 100m, 1m), ct);
        await templates.ApplyAsync(departments[0].Id, new ApplyTemplateInput(template.Id), ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static readonly (string Code, string Zh, string En, string Metric, string Direction, string Unit, string Period, string Level, string? Function, decimal Target)[] Kpis =
    [
        ("PROD-DEFECT-RATE", "生产部门次品率", "Production defect rate", "defect_rate", "lower", "percent", "month", "org_unit", "production", 2.0m),
        ("COMPANY-DEFECT-PPM", "公司次品率 (ppm)", "Company defect rate (ppm)", "defect_ppm", "lower", "ppm", "month", "company", null, 20000m),
        ("WORKER-COMPLIANCE", "员工工艺达标率", "Worker process compliance", "process_compliance", "higher", "percent", "month", "person", null, 100m),
        ("WORKER-REWORK", "员工返工率", "Worker rework rate", "rework_rate", "lower", "percent", "month", "person", null, 3m),
        ("LINE-FPY", "产线一次合格率", "Line first-pass yield", "first_pass_yield", "higher", "percent", "quarter", "org_unit", "production", 97m),
        ("SALES-COMPLAINT-TIMELY", "销售投诉处理及时率", "Sales complaint handling timeliness", "complaint_timeliness", "higher", "percent", "month", "org_unit", "sales", 95m),
        ("QA-CAPA-ON-TIME", "CAPA 按时完成率", "CAPA completion on time", "capa_on_time", "higher", "percent", "month", "org_unit", "qa", 90m),
        ("INSPECTOR-MISSED", "质检员漏检率", "Inspector missed-inspection rate", "missed_inspection_rate", "lower", "percent", "month", "person", null, 0m),
        ("DEPT-STEP-TIMELY", "部门流程及时率", "Department workflow timeliness", "step_timeliness", "higher", "percent", "month", "org_unit", null, 95m),
        ("PROD-TRAINING-DONE", "生产培训完成率", "Production training completion", "training_completion", "higher", "percent", "month", "org_unit", "production", 90m),
        ("PROD-QUALIFIED", "生产上岗资格覆盖率", "Production qualification coverage", "qualification_coverage", "higher", "percent", "month", "org_unit", "production", 95m),
        ("TRAINING-ATTENDANCE", "公司培训出勤率", "Company training attendance", "attendance_rate", "higher", "percent", "month", "company", null, 95m),
    ];
}
