using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>
/// HR's home: qualification coverage (the share of tracked requirements in order) overall and for the units furthest behind,
/// how many are overdue (expired, or untrained or not retrained past their date) and how many expire in the next 30 days.
/// </summary>
internal static class CoverageTile
{
    public static readonly HomeTile Tile = new("coverage", 6, Permissions.HomeHr, "home.tile.coverage", "~/Modules/Competence/Matrix/_CoverageTile.cshtml", LoadAsync);

    public const int Shown = 6;

    public sealed record UnitCoverage(Guid Id, string Name, int Cells, int Passing)
    {
        public double Share => Cells == 0 ? 1 : (double)Passing / Cells;
    }

    public sealed record Model(int Cells, int Passing, int Overdue, int Expiring, IReadOnlyList<UnitCoverage> Behind)
    {
        public double Share => Cells == 0 ? 1 : (double)Passing / Cells;
    }

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var args = new { today = today.ToDateTime(TimeOnly.MinValue), horizon = today.AddDays(30).ToDateTime(TimeOnly.MinValue), shown = Shown };
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var units = (await connection.QueryAsync<UnitCoverage>(new CommandDefinition(
            """
            SELECT u.id AS Id, u.name AS Name, count(*)::int AS Cells, count(*) FILTER (WHERE q.status IN ('qualified', 'expiring'))::int AS Passing
            FROM competence.qualification q JOIN competence.requirement r ON r.id = q.requirement_id AND r.active
            JOIN org.employee_v e ON e.id = q.employee_id AND e.status <> 'exited' JOIN org.org_unit_v u ON u.id = e.org_unit_id
            GROUP BY u.id, u.name
            """, args, cancellationToken: ct))).ToList();
        var counts = await connection.QuerySingleAsync<(int Overdue, int Expiring)>(new CommandDefinition(
            """
            SELECT count(*) FILTER (WHERE q.status = 'expired' OR (q.status IN ('not_trained', 'retraining_required') AND q.due_on < @today::date))::int,
                   count(*) FILTER (WHERE q.status IN ('qualified', 'expiring') AND q.valid_until >= @today::date AND q.valid_until <= @horizon::date)::int
            FROM competence.qualification q JOIN competence.requirement r ON r.id = q.requirement_id AND r.active
            JOIN org.employee_v e ON e.id = q.employee_id AND e.status <> 'exited'
            """, args, cancellationToken: ct));
        var behind = units.OrderBy(u => u.Share).ThenBy(u => u.Name, StringComparer.Ordinal).Take(Shown).ToList();
        return new Model(units.Sum(u => u.Cells), units.Sum(u => u.Passing), counts.Overdue, counts.Expiring, behind);
    }
}
