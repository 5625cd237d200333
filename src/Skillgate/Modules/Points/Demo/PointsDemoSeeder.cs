using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Rules;
using Skillgate.Modules.Points.Store;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Points.Demo;

/// <summary>
/// With the demo plant: the store of the points article (paid leave, a certification subsidy, the yearly health check,
/// supermarket cards) and a rule that pays welders 8 points a class hour where the default pays 5. The points themselves
/// come from the demo's completions, as they would in the plant.
/// </summary>
internal sealed class PointsDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        Guid? welders;
        await using (var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM points.item)"))
            {
                return;
            }

            welders = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM org.position_v WHERE active AND name LIKE '%焊工%' ORDER BY code LIMIT 1");
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var store = services.GetRequiredService<StoreHandler>();
        foreach (var item in Items)
        {
            await store.SaveItemAsync(null, item, cancellationToken);
        }

        if (welders is { } position)
        {
            await services.GetRequiredService<RuleHandler>().SaveAsync(new PointsRuleInput("class_hours", null, position, 8, 5, 10, null, 100, null, null, true), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static readonly StoreItemInput[] Items =
    [
        new("LEAVE-4H", "带薪休假 4 小时", "paid_leave", 200, 50, 2, [], true),
        new("CERT-SUBSIDY", "技能认证补贴 500 元", "certification_subsidy", 500, 20, 1, [], true),
        new("HEALTH-CHECK", "年度员工体检", "health_check", 150, 100, 1, [], true),
        new("MARKET-CARD", "超市购物卡 100 元", "shopping_card", 100, 200, null, [], true),
    ];
}
