using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>
/// HR's home: qualification coverage (the share of tracked requirements in order) overall and for the units furthest behind,
/// how many are overdue (expired, or untrained or not retrained past their date) and how many expire in the next 30 days.
/// Read from the per-unit counts the qualification table's triggers keep (<c>competence.standing_count_v</c>), not the pairs.
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
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        var units = (await connection.QueryAsync<UnitCoverage>(new CommandDefinition(
            """
            SELECT u.id AS Id, u.name AS Name, sum(s.pairs)::int AS Cells, coalesce(sum(s.pairs) FILTER (WHERE s.status IN ('qualified', 'expiring')), 0)::int AS Passing
            FROM competence.standing_count_v s JOIN competence.requirement r ON r.id = s.requirement_id AND r.active
            JOIN org.org_unit_v u ON u.id = s.org_unit_id
            GROUP BY u.id, u.name
            """, args, cancellationToken: ct))).ToList();
        var counts = await connection.QuerySingleAsync<(int Overdue, int Expiring)>(new CommandDefinition(
            """
            SELECT coalesce(sum(s.pairs) FILTER (WHERE s.status = 'expired' OR (s.status IN ('not_trained', 'retraining_required') AND s.day < @today::date)), 0)::int,
                   coalesce(sum(s.pairs) FILTER (WHERE s.status = 'expiring' AND s.day >= @today::date AND s.day <= @horizon::date), 0)::int
            FROM competence.standing_count_v s JOIN competence.requirement r ON r.id = s.requirement_id AND r.active
            """, args, cancellationToken: ct));
        var behind = units.OrderBy(u => u.Share).ThenBy(u => u.Name, StringComparer.Ordinal).Take(Shown).ToList();
        return new Model(units.Sum(u => u.Cells), units.Sum(u => u.Passing), counts.Overdue, counts.Expiring, behind);
    }
}
