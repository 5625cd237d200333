using System.Globalization;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Modules.Effectiveness.Costs;
using Skillgate.Modules.Effectiveness.Evaluations;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Effectiveness.Demo;

/// <summary>
/// With the demo plant: the cost rates (an hour of a welder's and of an instructor's time, a cold-solder defect), then QA evaluates
/// W2's TIG practical of last spring through the real handler — the welders of the welding workshop, trained in two waves, against
/// the untrained ones (W1's), by week, over the months before W2's present rise.
/// </summary>
internal sealed class EffectivenessDemoSeeder(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock, ILogger<EffectivenessDemoSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken);
        var course = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM learning.course_v WHERE code = 'WELD-TIG-PR'");
        var workshop = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM org.org_unit_v WHERE code = 'P1-WELD'");
        var qa = await scope.ServiceProvider.GetRequiredService<PlatformDb>().Set<AppUser>().AnyAsync(u => u.UserName == "qa", cancellationToken);
        if (course is null || workshop is null || !qa || await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM effectiveness.evaluation)"))
        {
            return;
        }

        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var evaluation = await ActingUser.RunAsync(scopes, http, "qa", async services =>
            {
                var costs = services.GetRequiredService<CostRateHandler>();
                await costs.SetAsync(new CostRateInput("labour_hour", 38), cancellationToken);
                await costs.SetAsync(new CostRateInput("instructor_hour", 200), cancellationToken);
                await costs.SetAsync(new CostRateInput("defect", 12, DefectType: "虚焊"), cancellationToken);
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                return await services.GetRequiredService<EvaluationHandler>().CreateAsync(
                    new EvaluationInput(
                        course.Value, today.AddDays(-52 * 7), today.AddDays(-17 * 7), workshop, "week", "defect_rate",
                        Title: "W2 焊工 TIG 实操认证：虚焊率变化（对照未培训焊工）", Settings: new EvaluationSettings(Within: "workshop")),
                    cancellationToken);
            }, cancellationToken);
            logger.LogInformation(
                "Demo evaluation: {Verdict}, effect {Effect} ({Treated} trained, {Controls} controls)",
                evaluation.Result.Verdict, evaluation.Result.Effect?.Estimate, evaluation.Result.Treated, evaluation.Result.Controls);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
