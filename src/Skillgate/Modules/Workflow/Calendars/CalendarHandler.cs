using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow.Calendars;

/// <summary>Working calendars per plant (holidays and make-up days included) and the directors of each department function.</summary>
internal sealed class CalendarHandler(NpgsqlDataSource dataSource, UnitOfWork work, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<CalendarDto>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var calendars = await connection.QueryAsync<CalendarRow>(new CommandDefinition(
            """
            SELECT c.id, c.org_unit_id, u.name AS org_unit_name, c.name, c.time_zone, extract(epoch FROM c.day_start)::int AS day_start, extract(epoch FROM c.day_end)::int AS day_end, c.workdays, c.version
            FROM workflow.calendar c LEFT JOIN org.org_unit_v u ON u.id = c.org_unit_id ORDER BY c.org_unit_id NULLS FIRST, u.name
            """, cancellationToken: ct));
        var days = (await connection.QueryAsync<(Guid CalendarId, DateOnly Day, bool Working, string Name)>(new CommandDefinition(
            "SELECT calendar_id, day, working, name FROM workflow.calendar_day ORDER BY day", cancellationToken: ct))).ToLookup(d => d.CalendarId);
        return calendars.Select(c => new CalendarDto(
            c.Id, c.OrgUnitId, c.OrgUnitName, c.Name, c.TimeZone, Time(c.DayStart), Time(c.DayEnd), c.Workdays,
            days[c.Id].Select(d => new CalendarDayDto(d.Day, d.Working, d.Name)).ToList(), c.Version)).ToList();
    }

    /// <summary>The calendar of an org unit: its own or its nearest ancestor's, else the default one.</summary>
    public static async Task<WorkingCalendar> ForUnitAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid orgUnitId, CancellationToken ct)
    {
        var c = await connection.QuerySingleAsync<CalendarRow>(new CommandDefinition(
            """
            SELECT c.id, c.org_unit_id, NULL AS org_unit_name, c.name, c.time_zone, extract(epoch FROM c.day_start)::int AS day_start, extract(epoch FROM c.day_end)::int AS day_end, c.workdays, c.version
            FROM workflow.calendar c LEFT JOIN org.org_unit_v cu ON cu.id = c.org_unit_id
            WHERE c.org_unit_id IS NULL OR org.unit_within(@orgUnitId, c.org_unit_id)
            ORDER BY cu.depth DESC NULLS LAST LIMIT 1
            """, new { orgUnitId }, tx, cancellationToken: ct));
        var days = await connection.QueryAsync<(DateOnly Day, bool Working)>(new CommandDefinition(
            "SELECT day, working FROM workflow.calendar_day WHERE calendar_id = @id", new { id = c.Id }, tx, cancellationToken: ct));
        return new WorkingCalendar(
            TimeZoneInfo.FindSystemTimeZoneById(c.TimeZone), Time(c.DayStart), Time(c.DayEnd), c.Workdays.ToHashSet(),
            days.ToDictionary(d => d.Day, d => d.Working));
    }

    /// <summary>Creates (no id) or changes a calendar; one per org unit, and the default one has none.</summary>
    public async Task<Guid> SaveAsync(Guid? id, CalendarInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 100, t["validation.max_length", 100]);
        if (input.TimeZone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone, out _))
        {
            v.Add("timeZone", t["workflow.time_zone"]);
        }

        if (input.DayEnd <= input.DayStart)
        {
            v.Add("dayEnd", t["workflow.day_end"]);
        }

        var workdays = input.Workdays ?? [];
        if (workdays.Count == 0 || workdays.Any(d => d is < 1 or > 7))
        {
            v.Add("workdays", t["workflow.workdays"]);
        }

        v.ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var now = clock.GetUtcNow().UtcDateTime;
        var args = new
        {
            id = id ?? Guid.CreateVersion7(), unit = input.OrgUnitId, name = input.Name!.Trim(), zone = input.TimeZone, start = input.DayStart.ToTimeSpan(), end = input.DayEnd.ToTimeSpan(),
            days = workdays.Distinct().Order().ToArray(), input.Version,
        };
        int changed;
        try
        {
            changed = id is null
                ? await connection.ExecuteAsync(
                    "INSERT INTO workflow.calendar (id, org_unit_id, name, time_zone, day_start, day_end, workdays) VALUES (@id, @unit, @name, @zone, @start::time, @end::time, @days)", args, tx.Sql)
                : await connection.ExecuteAsync(
                    """
                    UPDATE workflow.calendar SET name = @name, time_zone = @zone, day_start = @start::time, day_end = @end::time, workdays = @days, version = version + 1
                    WHERE id = @id AND version = @Version
                    """, args, tx.Sql);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new RuleViolationException("calendar_exists", t["workflow.calendar_exists"]);
        }

        if (changed == 0)
        {
            throw new RuleViolationException("concurrent_change", t["error.concurrent_change"]);
        }

        await tx.AuditAsync(id is null ? "created" : "updated", "workflow_calendar", args.id, null, args);
        await tx.CommitAsync(ct);
        return args.id;
    }

    /// <summary>Marks a day as a holiday or a make-up working day (replacing what the day was).</summary>
    public async Task SetDayAsync(Guid id, CalendarDayInput input, CancellationToken ct)
    {
        new Validation().Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 100, t["validation.max_length", 100]).ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        await ExistsAsync(connection, tx.Sql, id);
        var day = input.Day.ToDateTime(TimeOnly.MinValue);
        await connection.ExecuteAsync(
            """
            INSERT INTO workflow.calendar_day (calendar_id, day, working, name) VALUES (@id, @day::date, @working, @name)
            ON CONFLICT (calendar_id, day) DO UPDATE SET working = excluded.working, name = excluded.name
            """, new { id, day, working = input.Working, name = input.Name!.Trim() }, tx.Sql);
        await tx.AuditAsync("day_set", "workflow_calendar", id, null, input);
        await tx.CommitAsync(ct);
    }

    public async Task RemoveDayAsync(Guid id, DateOnly day, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        await ExistsAsync(connection, tx.Sql, id);
        var removed = await connection.ExecuteAsync("DELETE FROM workflow.calendar_day WHERE calendar_id = @id AND day = @day::date",
            new { id, day = day.ToDateTime(TimeOnly.MinValue) }, tx.Sql);
        if (removed == 0)
        {
            throw new NotFoundException(t["workflow.day_unknown"]);
        }

        await tx.AuditAsync("day_removed", "workflow_calendar", id, new { day }, null);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<DirectorDto>> DirectorsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<DirectorDto>(new CommandDefinition(
            """
            SELECT d.org_unit_id, ou.name AS org_unit_name, d.function, d.user_id, coalesce(e.name, u.display_name) AS user_name
            FROM workflow.director d JOIN org.org_unit_v ou ON ou.id = d.org_unit_id JOIN auth.app_user u ON u.id = d.user_id LEFT JOIN org.employee_v e ON e.id = u.employee_id
            ORDER BY ou.depth, ou.name, d.function
            """, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>Names the director of a function for an org unit's subtree (replacing the one named before).</summary>
    public async Task SetDirectorAsync(DirectorInput input, CancellationToken ct)
    {
        var (connection, _) = await work.SqlAsync(ct);
        var v = new Validation();
        if (!await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM org.org_unit_v WHERE id = @id)", new { id = input.OrgUnitId }))
        {
            v.Add("orgUnitId", t["workflow.unit_unknown"]);
        }

        if (!await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM org.function_tag_v WHERE code = @f)", new { f = input.Function }))
        {
            v.Add("function", t["workflow.function_unknown"]);
        }

        if (!await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM auth.app_user WHERE id = @id AND active)", new { id = input.UserId }))
        {
            v.Add("userId", t["workflow.user_unknown"]);
        }

        v.ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        await connection.ExecuteAsync(
            """
            INSERT INTO workflow.director (org_unit_id, function, user_id) VALUES (@OrgUnitId, @Function, @UserId)
            ON CONFLICT (org_unit_id, function) DO UPDATE SET user_id = excluded.user_id
            """, input, tx.Sql);
        await tx.AuditAsync("director_set", "org_unit", input.OrgUnitId, null, input);
        await tx.CommitAsync(ct);
    }

    public async Task RemoveDirectorAsync(Guid orgUnitId, string function, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var removed = await connection.ExecuteAsync("DELETE FROM workflow.director WHERE org_unit_id = @orgUnitId AND function = @function", new { orgUnitId, function }, tx.Sql);
        if (removed == 0)
        {
            throw new NotFoundException(t["workflow.director_unknown"]);
        }

        await tx.AuditAsync("director_removed", "org_unit", orgUnitId, new { function }, null);
        await tx.CommitAsync(ct);
    }

    private async Task ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id)
    {
        if (await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM workflow.calendar WHERE id = @id FOR UPDATE", new { id }, tx) is null)
        {
            throw new NotFoundException(t["workflow.calendar_unknown"]);
        }
    }

    private sealed class CalendarRow
    {
        public Guid Id { get; init; }

        public Guid? OrgUnitId { get; init; }

        public string? OrgUnitName { get; init; }

        public string Name { get; init; } = "";

        public string TimeZone { get; init; } = "";

        public int DayStart { get; init; }

        public int DayEnd { get; init; }

        public int[] Workdays { get; init; } = [];

        public int Version { get; init; }
    }

    private static TimeOnly Time(int seconds) => TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(seconds));
}
