using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Boards;

/// <summary>
/// The points dashboard for those who read points in their scope: the participation rate over six months (people of the unit
/// whose participation points of the month add up to more than nothing, over its active people), points by category per month and by the units below,
/// the month's top 10; and the month's whole ranking as an .xlsx workbook.
/// </summary>
internal sealed class DashboardHandler(Platform.Data.ReportReads dataSource, DataScope scope, BoardHandler boards, Texts t)
{
    public const int MonthsShown = 6;

    public async Task<PointsDashboardDto> GetAsync(Guid? unitId, string? month, CancellationToken ct)
    {
        var first = await boards.ParseMonthAsync(month, ct);
        var unit = await UnitAsync(unitId, ct);
        var from = first.AddMonths(1 - MonthsShown);
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var people = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM org.employee_v WHERE status = 'active' AND org_unit_id IN (SELECT org.unit_subtree(@unit))", new { unit }, cancellationToken: ct));
        var months = (await connection.QueryAsync<(DateOnly Month, int Participating, int Participation, int Results, int Growth)>(new CommandDefinition(
            """
            SELECT p.month, count(*) FILTER (WHERE p.participation > 0)::int, sum(p.participation)::int, sum(p.results)::int, sum(p.growth)::int
            FROM (SELECT x.month, x.employee_id, coalesce(sum(x.points) FILTER (WHERE x.category = 'participation'), 0) AS participation,
                         coalesce(sum(x.points) FILTER (WHERE x.category = 'results'), 0) AS results, coalesce(sum(x.points) FILTER (WHERE x.category = 'growth'), 0) AS growth
                  FROM points.month_total x
                  WHERE x.month BETWEEN @from::date AND @to::date AND x.category <> 'store' AND x.org_unit_id IN (SELECT org.unit_subtree(@unit))
                  GROUP BY x.month, x.employee_id) p
            GROUP BY p.month
            """, new { unit, from = PlantCalendar.Sql(from), to = PlantCalendar.Sql(first) }, cancellationToken: ct))).ToDictionary(m => m.Month);
        var units = await connection.QueryAsync<(Guid Id, string Name, int Participation, int Results, int Growth)>(new CommandDefinition(
            """
            WITH children AS (SELECT id, name, sort FROM org.org_unit_v WHERE parent_id = @unit AND active),
                 members AS (SELECT c.id AS child, s.unit FROM children c CROSS JOIN LATERAL org.unit_subtree(c.id) AS s(unit))
            SELECT c.id, c.name, coalesce(sum(x.points) FILTER (WHERE x.category = 'participation'), 0)::int,
                   coalesce(sum(x.points) FILTER (WHERE x.category = 'results'), 0)::int, coalesce(sum(x.points) FILTER (WHERE x.category = 'growth'), 0)::int
            FROM children c LEFT JOIN members m ON m.child = c.id
            LEFT JOIN points.month_total x ON x.month = @month::date AND x.category <> 'store' AND x.org_unit_id = m.unit
            GROUP BY c.id, c.name, c.sort ORDER BY c.sort, c.name
            """, new { unit, month = PlantCalendar.Sql(first) }, cancellationToken: ct));
        var board = await boards.RankAsync(unit, first, 10, ct);
        return new PointsDashboardDto(
            unit, board.OrgUnit, board.Month, people,
            Enumerable.Range(0, MonthsShown).Select(i => from.AddMonths(i)).Select(m => months.TryGetValue(m, out var x)
                ? new MonthPoints(Label(m), x.Participating, x.Participation, x.Results, x.Growth)
                : new MonthPoints(Label(m), 0, 0, 0, 0)).ToList(),
            units.Select(u => new UnitPoints(u.Id, u.Name, u.Participation, u.Results, u.Growth)).ToList(), board);
    }

    /// <summary>The month's whole ranking of the unit: number, name, the three categories and the total, as the board ranks them.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(Guid? unitId, string? month, CancellationToken ct)
    {
        var first = await boards.ParseMonthAsync(month, ct);
        var unit = await UnitAsync(unitId, ct);
        var board = await boards.RankAsync(unit, first, int.MaxValue, ct);
        var content = XlsxFile.Create(t["points.boards"], [
                t["points.rank"], t["field.employeeNo"], t["field.name"], t["points.category.participation"], t["points.category.results"], t["points.category.growth"],
                t["points.month_points"],
            ],
            board.Top.Select(r => new object?[] { r.Rank, r.EmployeeNo, r.Name, r.Participation, r.Results, r.Growth, r.Points }));
        return (content, $"points-{board.Month}.xlsx");
    }

    private static string Label(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The unit asked for if it lies in the caller's scope, else the first unit of their scope.</summary>
    private async Task<Guid> UnitAsync(Guid? unitId, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        if (unitId is { } asked)
        {
            return filter.Covers(asked) ? asked : throw new NotFoundException("org_unit");
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM org.org_unit_v WHERE active AND (@all OR id = ANY (@ids)) ORDER BY depth, sort, name LIMIT 1",
            new { all = filter.All, ids = filter.Ids }, cancellationToken: ct)) ?? throw new NotFoundException("org_unit");
    }
}
