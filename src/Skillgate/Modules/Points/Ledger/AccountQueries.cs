using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Points.Ledger;

/// <summary>
/// A person's account: the balance (every entry, store reservations included), what they earned in the last 12 months and this
/// month by category, their rank on their unit's board, and their history. The person must be visible to the caller; their
/// entries are then read whole, wherever they were earned.
/// </summary>
internal sealed class AccountQueries(NpgsqlDataSource dataSource, CurrentUser me, PlantCalendar calendar)
{
    public const string EntryColumns = "id, employee_id, points, rule_code, category, source_type, source_id, reverses, occurred_at, day, reason, recorded_by";

    public async Task<PointsAccountDto> MineAsync(string? category, int page, int pageSize, CancellationToken ct) =>
        await ForAsync(me.EmployeeId ?? throw new NotFoundException("employee"), category, page, pageSize, ct);

    public async Task<PointsAccountDto> ForAsync(Guid employeeId, string? category, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        category = PointsVocabularies.Category.Contains(category) ? category : null;
        (string No, string Name, Guid Unit) person;
        await using (var scoped = await dataSource.OpenScopedAsync(ct))
        {
            person = await scoped.QuerySingleOrDefaultAsync<(string, string, Guid)?>(new CommandDefinition(
                "SELECT employee_no, name, org_unit_id FROM org.employee_v WHERE id = @employeeId", new { employeeId }, cancellationToken: ct))
                ?? throw new NotFoundException("employee");
        }

        await using var connection = await dataSource.OpenSystemAsync(ct);
        var month = await calendar.ThisMonthAsync(ct);
        var summary = await connection.QuerySingleAsync<(int Balance, int Last12, int ThisMonth)>(new CommandDefinition(
            """
            SELECT coalesce(sum(points), 0)::int,
                   coalesce(sum(points) FILTER (WHERE category <> 'store' AND day > @since::date), 0)::int,
                   coalesce(sum(points) FILTER (WHERE category <> 'store' AND month = @month::date), 0)::int
            FROM points.entry WHERE employee_id = @employeeId
            """, new { employeeId, since = PlantCalendar.Sql((await calendar.TodayAsync(ct)).AddMonths(-12)), month = PlantCalendar.Sql(month) }, cancellationToken: ct));
        var categories = await connection.QueryAsync<(string Category, int Points)>(new CommandDefinition(
            "SELECT category, sum(points)::int FROM points.entry WHERE employee_id = @employeeId AND category <> 'store' GROUP BY category",
            new { employeeId }, cancellationToken: ct));
        var rank = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            """
            WITH b AS (SELECT employee_id, sum(points) AS total FROM points.month_total
                       WHERE month = @month::date AND category <> 'store' AND org_unit_id IN (SELECT org.unit_subtree(@unit)) GROUP BY employee_id)
            SELECT r FROM (SELECT employee_id, rank() OVER (ORDER BY total DESC)::int AS r FROM b) x WHERE employee_id = @employeeId
            """, new { month = PlantCalendar.Sql(month), unit = person.Unit, employeeId }, cancellationToken: ct));
        var args = new { employeeId, category, offset = (page - 1) * pageSize, pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM points.entry WHERE employee_id = @employeeId AND (@category::text IS NULL OR category = @category)", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition(
            $"""
            SELECT {EntryColumns}
            FROM points.entry WHERE employee_id = @employeeId AND (@category::text IS NULL OR category = @category)
            ORDER BY seq DESC OFFSET @offset LIMIT @pageSize
            """, args, cancellationToken: ct));
        var byCategory = categories.ToDictionary(c => c.Category, c => c.Points);
        return new PointsAccountDto(
            employeeId, person.No, person.Name, summary.Balance, summary.Last12, month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            summary.ThisMonth, rank, person.Unit,
            new[] { "participation", "results", "growth" }.Select(c => new CategoryPoints(c, byCategory.GetValueOrDefault(c))).ToList(),
            rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    internal sealed record EntryRow(
        Guid Id, Guid EmployeeId, int Points, string RuleCode, string Category, string SourceType, Guid SourceId, Guid? Reverses, DateTime OccurredAt, DateOnly Day,
        string Reason, string RecordedBy)
    {
        public PointsEntryDto ToDto() =>
            new(Id, EmployeeId, Points, RuleCode, Category, SourceType, SourceId, Reverses, Utc(OccurredAt), Day, Reason, RecordedBy);
    }
}
