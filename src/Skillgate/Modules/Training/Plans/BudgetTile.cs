using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Plans;

/// <summary>HR's home: this year's training plans — budget, the estimated cost of their lines, and the plans waiting for approval.</summary>
internal static class BudgetTile
{
    public static readonly HomeTile Tile = new("plan-budget", 17, Permissions.HomeHr, "home.tile.budget", "~/Modules/Training/Plans/_BudgetTile.cshtml", LoadAsync);

    public sealed record Model(int Year, int Plans, decimal Budget, decimal Cost, int Submitted)
    {
        public double Used => Budget == 0 ? 0 : (double)(Cost / Budget);
    }

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var year = services.GetRequiredService<TimeProvider>().GetLocalNow().Year;
        var filter = await services.GetRequiredService<DataScope>().GetAsync(ct);
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var row = await connection.QuerySingleAsync<(int Plans, decimal Budget, decimal Cost, int Submitted)>(new CommandDefinition(
            """
            SELECT count(*)::int, coalesce(sum(p.budget), 0),
                   coalesce(sum((SELECT sum(i.estimated_cost) FROM training.plan_item i WHERE i.plan_id = p.id)), 0),
                   count(*) FILTER (WHERE p.status = 'submitted')::int
            FROM training.plan p
            WHERE extract(year FROM p.period_start) = @year AND p.status <> 'returned' AND (@all OR p.org_unit_id = ANY(@units))
            """, new { year, all = filter.All, units = filter.Ids }, cancellationToken: ct));
        return new Model(year, row.Plans, row.Budget, row.Cost, row.Submitted);
    }
}
