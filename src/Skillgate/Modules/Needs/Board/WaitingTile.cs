using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Board;

/// <summary>HR's home: the training needs waiting for a decision, by priority, with the ones due soonest.</summary>
internal static class WaitingTile
{
    public static readonly HomeTile Tile = new("needs-waiting", 16, Permissions.HomeHr, "home.tile.needs", "~/Modules/Needs/Board/_WaitingTile.cshtml", LoadAsync);

    public sealed record Waiting(Guid Id, string Title, string Priority, DateOnly DueOn, int People);

    public sealed record Model(int High, int Medium, int Low, IReadOnlyList<Waiting> Soonest)
    {
        public int Total => High + Medium + Low;
    }

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var filter = await services.GetRequiredService<DataScope>().GetAsync(ct);
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var args = new { all = filter.All, units = filter.Ids };
        const string Open = "FROM needs.need n WHERE n.status = 'open' AND (@all OR n.org_unit_id = ANY(@units))";
        var counts = await connection.QuerySingleAsync<(int High, int Medium, int Low)>(new CommandDefinition(
            $"SELECT count(*) FILTER (WHERE n.priority = 'high')::int, count(*) FILTER (WHERE n.priority = 'medium')::int, count(*) FILTER (WHERE n.priority = 'low')::int {Open}",
            args, cancellationToken: ct));
        var soonest = await connection.QueryAsync<Waiting>(new CommandDefinition(
            $"""
            SELECT n.id AS Id, n.title AS Title, n.priority AS Priority, n.due_on AS DueOn, (SELECT count(*)::int FROM needs.need_person p WHERE p.need_id = n.id) AS People
            {Open} ORDER BY n.due_on, n.created_at LIMIT 4
            """, args, cancellationToken: ct));
        return new Model(counts.High, counts.Medium, counts.Low, soonest.ToList());
    }
}
