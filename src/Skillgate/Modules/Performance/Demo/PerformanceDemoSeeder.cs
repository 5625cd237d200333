using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Performance.Demo;

/// <summary>
/// With the demo plant: the quality director's KPIs — production's defect rate, the company's defect ppm, each worker's process
/// compliance and rework rate, and the lines' first-pass yield — scored for the last three months and the last quarter.
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
        foreach (var (code, zh, en, metric, direction, unit, period, level, function, target) in Kpis)
        {
            await definitions.CreateAsync(new KpiDefinitionInput(code, new KpiVersionInput(zh, en, metric, direction, unit, period, level, function, target, since, "")), cancellationToken);
        }

        var periods = services.GetRequiredService<PeriodHandler>();
        var quarter = new DateOnly(thisMonth.Year, ((thisMonth.Month - 1) / 3 * 3) + 1, 1).AddMonths(-3);
        foreach (var (kind, start) in new[] { ("month", thisMonth.AddMonths(-3)), ("month", thisMonth.AddMonths(-2)), ("month", thisMonth.AddMonths(-1)), ("quarter", quarter) })
        {
            var created = await periods.CreateAsync(new KpiPeriodInput(kind, start), cancellationToken);
            await periods.ComputeAsync(created.Id, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static readonly (string Code, string Zh, string En, string Metric, string Direction, string Unit, string Period, string Level, string? Function, decimal Target)[] Kpis =
    [
        ("PROD-DEFECT-RATE", "生产部门次品率", "Production defect rate", "defect_rate", "lower", "percent", "month", "org_unit", "production", 2.0m),
        ("COMPANY-DEFECT-PPM", "公司次品率 (ppm)", "Company defect rate (ppm)", "defect_ppm", "lower", "ppm", "month", "company", null, 20000m),
        ("WORKER-COMPLIANCE", "员工工艺达标率", "Worker process compliance", "process_compliance", "higher", "percent", "month", "person", null, 100m),
        ("WORKER-REWORK", "员工返工率", "Worker rework rate", "rework_rate", "lower", "percent", "month", "person", null, 3m),
        ("LINE-FPY", "产线一次合格率", "Line first-pass yield", "first_pass_yield", "higher", "percent", "quarter", "org_unit", "production", 97m),
    ];
}
