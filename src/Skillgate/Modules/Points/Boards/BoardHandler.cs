using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Boards;

/// <summary>
/// A unit's monthly board: the people ranked on the points they earned that month (entries of the month only — not balances, not
/// all-time totals — earned in the unit or below it; store entries do not count), ties sharing a rank, with the unit's shares of
/// participation, results and growth. A board is published to its unit: a reader sees the boards of the units in their scope,
/// anyone the boards of their own unit and the units above it.
/// </summary>
internal sealed class BoardHandler(
    NpgsqlDataSource dataSource, DataScope scope, CurrentUser me, IAuthorizationService authorization, PlantCalendar calendar, Texts t)
{
    public const int MaxTop = 500;

    private Guid? _home;

    public async Task<BoardDto> GetAsync(Guid? unitId, string? month, int top, CancellationToken ct)
    {
        var first = await ParseMonthAsync(month, ct);
        var unit = unitId ?? await HomeUnitAsync(ct) ?? throw new NotFoundException("org_unit");
        await EnsureVisibleAsync(unit, ct);
        return await RankAsync(unit, first, Math.Clamp(top, 1, MaxTop), ct);
    }

    /// <summary>A unit's month ranked, up to <paramref name="top"/> people (the caller has checked the unit is theirs to see).</summary>
    public async Task<BoardDto> RankAsync(Guid unit, DateOnly first, int top, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT name FROM org.org_unit_v WHERE id = @unit", new { unit }, cancellationToken: ct)) ?? throw new NotFoundException("org_unit");
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            WITH b AS (
                SELECT employee_id, sum(points)::int AS total,
                       coalesce(sum(points) FILTER (WHERE category = 'participation'), 0)::int AS participation,
                       coalesce(sum(points) FILTER (WHERE category = 'results'), 0)::int AS results,
                       coalesce(sum(points) FILTER (WHERE category = 'growth'), 0)::int AS growth
                FROM points.month_total
                WHERE month = @month::date AND category <> 'store' AND org_unit_id IN (SELECT org.unit_subtree(@unit))
                GROUP BY employee_id),
            ranked AS (
                SELECT b.*, rank() OVER (ORDER BY b.total DESC)::int AS rank, count(*) OVER ()::int AS people,
                       sum(b.total) OVER ()::int AS all_points, sum(b.participation) OVER ()::int AS all_participation,
                       sum(b.results) OVER ()::int AS all_results, sum(b.growth) OVER ()::int AS all_growth
                FROM b)
            SELECT r.rank, r.employee_id, e.employee_no, e.name, r.total, r.participation, r.results, r.growth,
                   r.people, r.all_points, r.all_participation, r.all_results, r.all_growth
            FROM ranked r JOIN org.employee_v e ON e.id = r.employee_id
            ORDER BY r.total DESC, e.employee_no LIMIT @top
            """, new { month = PlantCalendar.Sql(first), unit, top }, cancellationToken: ct))).ToList();
        var head = rows.FirstOrDefault();
        return new BoardDto(
            unit, name, first.ToString("yyyy-MM", CultureInfo.InvariantCulture), head?.People ?? 0, head?.AllPoints ?? 0,
            [
                new CategoryPoints("participation", head?.AllParticipation ?? 0), new CategoryPoints("results", head?.AllResults ?? 0),
                new CategoryPoints("growth", head?.AllGrowth ?? 0),
            ],
            rows.Select(r => new BoardRow(r.Rank, r.EmployeeId, r.EmployeeNo, r.Name, r.Total, r.Participation, r.Results, r.Growth)).ToList());
    }

    /// <summary>The units whose boards the caller may open, for the unit picker.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name, int Depth)>> UnitsAsync(CancellationToken ct)
    {
        var home = await HomeUnitAsync(ct);
        var reader = (await authorization.AuthorizeAsync(me.Principal, Permissions.PointsRead)).Succeeded;
        var filter = reader ? await scope.GetAsync(ct) : ScopeFilter.Nothing;
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var units = await connection.QueryAsync<(Guid Id, string Name, int Depth)>(new CommandDefinition(
            """
            SELECT u.id, u.name, u.depth FROM org.org_unit_v u
            WHERE u.active AND (@all OR u.id = ANY (@ids) OR (@home::uuid IS NOT NULL AND org.unit_within(@home, u.id)))
            ORDER BY u.depth, u.sort, u.name
            """, new { all = filter.All, ids = filter.Ids, home }, cancellationToken: ct));
        return units.ToList();
    }

    public async Task<DateOnly> ParseMonthAsync(string? month, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(month))
        {
            return await calendar.ThisMonthAsync(ct);
        }

        if (!DateOnly.TryParseExact(month.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || first.Year < 2000 || first.Year > 2999)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["month"] = [t["points.month_format"]] });
        }

        return first;
    }

    /// <summary>The caller's own unit, read once per request (the picker, the default board and the visibility check all ask).</summary>
    private async Task<Guid?> HomeUnitAsync(CancellationToken ct)
    {
        if (me.EmployeeId is not { } employee)
        {
            return null;
        }

        if (_home is null)
        {
            await using var connection = await dataSource.OpenSystemAsync(ct);
            _home = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT org_unit_id FROM org.employee_v WHERE id = @employee", new { employee }, cancellationToken: ct)) ?? Guid.Empty;
        }

        return _home == Guid.Empty ? null : _home;
    }

    private async Task EnsureVisibleAsync(Guid unit, CancellationToken ct)
    {
        if ((await authorization.AuthorizeAsync(me.Principal, Permissions.PointsRead)).Succeeded && (await scope.GetAsync(ct)).Covers(unit))
        {
            return;
        }

        if (await HomeUnitAsync(ct) is { } home)
        {
            await using var connection = await dataSource.OpenSystemAsync(ct);
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT org.unit_within(@home, @unit)", new { home, unit }, cancellationToken: ct)))
            {
                return;
            }
        }

        throw new NotFoundException("org_unit");
    }

    private sealed record Row(
        int Rank, Guid EmployeeId, string EmployeeNo, string Name, int Total, int Participation, int Results, int Growth, int People, int AllPoints,
        int AllParticipation, int AllResults, int AllGrowth);
}
