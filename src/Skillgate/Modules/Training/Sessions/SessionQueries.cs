using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Training.Sessions;

internal sealed class SessionQueries(TrainingDb db, NpgsqlDataSource dataSource)
{
    public async Task<Page<SessionSummary>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? q, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var args = new
        {
            from = from?.ToUniversalTime(), to = to?.ToUniversalTime(), q = string.IsNullOrWhiteSpace(q) ? null : "%" + q.Trim() + "%", limit = pageSize, offset = (page - 1) * pageSize,
        };
        const string where = """
            WHERE (@from::timestamptz IS NULL OR s.ends_at >= @from) AND (@to::timestamptz IS NULL OR s.starts_at < @to)
              AND (@q::text IS NULL OR s.title ILIKE @q OR c.code ILIKE @q)
            """;
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM training.session s JOIN learning.course_v c ON c.id = s.course_id {where}", args, cancellationToken: ct));
        // The page is cut first and counted after: counting per row before the cut made page 500 cost what 25,000 rows cost.
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            $"""
            SELECT s.id, s.course_id, s.course_code, s.title, r.name AS room_name, s.starts_at, s.ends_at, s.capacity, s.status,
                   (SELECT count(*)::int FROM training.participant p WHERE p.session_id = s.id AND p.status = 'invited') AS invited,
                   (SELECT count(*)::int FROM training.attendance a WHERE a.session_id = s.id AND a.kind = 'in') AS checked_in
            FROM (SELECT s.id, s.course_id, c.code AS course_code, s.title, s.room_id, s.starts_at, s.ends_at, s.capacity, s.status
                  FROM training.session s JOIN learning.course_v c ON c.id = s.course_id
                  {where} ORDER BY s.starts_at, s.id LIMIT @limit OFFSET @offset) s
            LEFT JOIN training.room r ON r.id = s.room_id
            ORDER BY s.starts_at, s.id
            """, args, cancellationToken: ct));
        return new Page<SessionSummary>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    /// <summary>Sessions in a time range for the calendar, optionally of one room, one instructor or one org unit (with its subtree).</summary>
    public async Task<IReadOnlyList<SessionSummary>> CalendarAsync(DateTimeOffset from, DateTimeOffset to, Guid? roomId, Guid? instructorId, Guid? orgUnitId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            """
            SELECT s.id, s.course_id, c.code AS course_code, s.title, r.name AS room_name, s.starts_at, s.ends_at, s.capacity, s.status,
                   (SELECT count(*)::int FROM training.participant p WHERE p.session_id = s.id AND p.status = 'invited') AS invited,
                   (SELECT count(*)::int FROM training.attendance a WHERE a.session_id = s.id AND a.kind = 'in') AS checked_in
            FROM training.session s JOIN learning.course_v c ON c.id = s.course_id LEFT JOIN training.room r ON r.id = s.room_id
            WHERE s.status <> 'cancelled' AND s.starts_at < @to AND s.ends_at > @from
              AND (@roomId::uuid IS NULL OR s.room_id = @roomId)
              AND (@instructorId::uuid IS NULL OR EXISTS (SELECT 1 FROM training.session_instructor si WHERE si.session_id = s.id AND si.instructor_id = @instructorId))
              AND (@orgUnitId::uuid IS NULL OR org.unit_within(s.org_unit_id, @orgUnitId)
                  OR EXISTS (SELECT 1 FROM training.participant p JOIN org.employee_v e ON e.id = p.employee_id
                             WHERE p.session_id = s.id AND org.unit_within(e.org_unit_id, @orgUnitId)))
            ORDER BY s.starts_at LIMIT 1000
            """, new { from = from.ToUniversalTime(), to = to.ToUniversalTime(), roomId, instructorId, orgUnitId }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    /// <summary>How many checked in and how many are invited: what the session screen refreshes.</summary>
    public async Task<(int CheckedIn, int Invited)> CountsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            """
            SELECT (SELECT count(*)::int FROM training.attendance WHERE session_id = @id AND kind = 'in'),
                   (SELECT count(*)::int FROM training.participant WHERE session_id = @id AND status = 'invited')
            """, new { id }, cancellationToken: ct));
    }

    public async Task<SessionDto> GetAsync(Guid id, CancellationToken ct)
    {
        var s = await db.Set<Session>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("session");
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var course = await connection.QueryFirstAsync<(string Code, string Title)>(new CommandDefinition(
            "SELECT code, title FROM learning.course_v WHERE id = @id", new { id = s.CourseId }, cancellationToken: ct));
        var room = s.RoomId is null ? null : await db.Set<Room>().Where(r => r.Id == s.RoomId).Select(r => r.Name).FirstOrDefaultAsync(ct);
        var instructors = await connection.QueryAsync<SessionInstructorDto>(new CommandDefinition(
            "SELECT i.id AS Id, i.name AS Name FROM training.session_instructor si JOIN learning.instructor_v i ON i.id = si.instructor_id WHERE si.session_id = @id ORDER BY i.name",
            new { id }, cancellationToken: ct));
        var participants = await connection.QueryAsync<ParticipantRow>(new CommandDefinition(
            """
            SELECT p.employee_id, e.employee_no, e.name, u.name AS org_unit_name, p.status,
                   i.at AS checked_in_at, i.method AS check_in_method, o.at AS checked_out_at, coalesce(i.flags, '{}') || coalesce(o.flags, '{}') AS flags,
                   i.id AS check_in_id, o.id AS check_out_id, (i.revoked_at IS NOT NULL OR o.revoked_at IS NOT NULL) AS attendance_revoked,
                   r.status AS result, coalesce(r.reasons, '{}') AS result_reasons
            FROM (SELECT session_id, employee_id, status FROM training.participant WHERE session_id = @id
                  UNION ALL
                  SELECT DISTINCT a.session_id, a.employee_id, 'walk_in' FROM training.attendance a
                  WHERE a.session_id = @id AND NOT EXISTS (SELECT 1 FROM training.participant x WHERE x.session_id = a.session_id AND x.employee_id = a.employee_id)) p
            JOIN org.employee_v e ON e.id = p.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id
            LEFT JOIN training.attendance i ON i.session_id = p.session_id AND i.employee_id = p.employee_id AND i.kind = 'in'
            LEFT JOIN training.attendance o ON o.session_id = p.session_id AND o.employee_id = p.employee_id AND o.kind = 'out'
            LEFT JOIN training.session_result r ON r.session_id = p.session_id AND r.employee_id = p.employee_id
            ORDER BY p.status, e.employee_no
            """, new { id }, cancellationToken: ct));
        return new SessionDto(
            s.Id, s.CourseId, course.Code, course.Title, s.Title, s.RoomId, room, s.StartsAt, s.EndsAt, s.Capacity, s.Status, s.ConflictOverride, instructors.ToList(),
            participants.Select(p => p.ToDto()).ToList(), s.Version);
    }

    private sealed class SummaryRow
    {
        public Guid Id { get; init; }

        public Guid CourseId { get; init; }

        public string CourseCode { get; init; } = "";

        public string Title { get; init; } = "";

        public string? RoomName { get; init; }

        public DateTime StartsAt { get; init; }

        public DateTime EndsAt { get; init; }

        public int Capacity { get; init; }

        public string Status { get; init; } = "";

        public int Invited { get; init; }

        public int CheckedIn { get; init; }

        public SessionSummary ToDto() => new(Id, CourseId, CourseCode, Title, RoomName, Utc(StartsAt), Utc(EndsAt), Capacity, Invited, CheckedIn, Status);
    }

    private sealed class ParticipantRow
    {
        public Guid EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string Name { get; init; } = "";

        public string OrgUnitName { get; init; } = "";

        public string Status { get; init; } = "";

        public DateTime? CheckedInAt { get; init; }

        public string? CheckInMethod { get; init; }

        public DateTime? CheckedOutAt { get; init; }

        public string[] Flags { get; init; } = [];

        public Guid? CheckInId { get; init; }

        public Guid? CheckOutId { get; init; }

        public bool AttendanceRevoked { get; init; }

        public string? Result { get; init; }

        public string[] ResultReasons { get; init; } = [];

        public ParticipantDto ToDto() => new(
            EmployeeId, EmployeeNo, Name, OrgUnitName, Status, CheckedInAt is { } i ? Utc(i) : null, CheckInMethod, CheckedOutAt is { } o ? Utc(o) : null, Flags,
            CheckInId, CheckOutId, AttendanceRevoked, Result, ResultReasons);
    }
}
