using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Sla;

/// <summary>QA's home: the open complaints, CAPAs and other workflows in scope, and how many are past a step's time limit now.</summary>
internal static class SlaTile
{
    public static readonly HomeTile Tile = new("workflow-sla", 17, Permissions.HomeQa, "home.tile.sla", "~/Modules/Workflow/Sla/_SlaTile.cshtml", LoadAsync);

    public sealed record Line(string Code, string Name, int Open, int Late);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var filter = await services.GetRequiredService<DataScope>().GetAsync(ct);
        var zh = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Line>(new CommandDefinition(
            """
            SELECT d.code AS Code, CASE WHEN @zh THEN d.name_zh ELSE d.name_en END AS Name, count(*)::int AS Open,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM workflow.task t WHERE t.instance_id = i.id AND t.status = 'open' AND t.due_at < @now))::int AS Late
            FROM workflow.instance i JOIN workflow.definition d ON d.id = i.definition_id
            WHERE i.status = 'open' AND (@all OR i.org_unit_id = ANY(@units))
            GROUP BY d.code, d.name_zh, d.name_en ORDER BY 4 DESC, 3 DESC, 1
            """, new { now, zh, all = filter.All, units = filter.Ids }, cancellationToken: ct));
        return rows.ToList();
    }
}
