using Dapper;
using Npgsql;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Time;

namespace Skillgate.Modules.Training.Sessions;

/// <summary>Double bookings: the room, an instructor or a participant already in another session that overlaps the time, or a participant's shift.</summary>
internal sealed class ConflictFinder(NpgsqlDataSource dataSource, PlantTime plantTime)
{
    public async Task<IReadOnlyList<ConflictDto>> FindAsync(
        Guid? sessionId, DateTimeOffset start, DateTimeOffset end, Guid? roomId, IReadOnlyCollection<Guid> instructors, IReadOnlyCollection<Guid> employees, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            WITH other AS (
                SELECT s.* FROM training.session s
                WHERE s.status = 'scheduled' AND s.id IS DISTINCT FROM @sessionId AND s.starts_at < @end AND s.ends_at > @start)
            SELECT 'room' AS kind, o.id AS session_id, o.title AS session_title, o.starts_at, o.ends_at, r.name AS who
            FROM other o JOIN training.room r ON r.id = o.room_id WHERE o.room_id = @roomId
            UNION ALL
            SELECT 'instructor', o.id, o.title, o.starts_at, o.ends_at, i.name
            FROM other o JOIN training.session_instructor si ON si.session_id = o.id JOIN learning.instructor_v i ON i.id = si.instructor_id
            WHERE si.instructor_id = ANY(@instructors)
            UNION ALL
            SELECT 'participant', o.id, o.title, o.starts_at, o.ends_at, e.name || ' ' || e.employee_no
            FROM other o JOIN training.participant p ON p.session_id = o.id AND p.status <> 'cancelled' JOIN org.employee_v e ON e.id = p.employee_id
            WHERE p.employee_id = ANY(@employees)
            ORDER BY 4, 1
            LIMIT 200
            """,
            new { sessionId, start, end, roomId, instructors = instructors.ToArray(), employees = employees.ToArray() }, cancellationToken: ct));
        var conflicts = rows.Select(r => new ConflictDto(r.Kind, r.SessionId, r.SessionTitle, new DateTimeOffset(r.StartsAt, TimeSpan.Zero), new DateTimeOffset(r.EndsAt, TimeSpan.Zero), r.Who)).ToList();
        var shifts = await connection.QueryAsync<(string Who, string Shift, string Pattern, Guid Unit)>(new CommandDefinition(
            """
            SELECT e.name || ' ' || e.employee_no, g.name, g.pattern, e.org_unit_id FROM org.employee_v e JOIN org.shift_group_v g ON g.id = e.shift_group_id
            WHERE e.id = ANY(@employees) AND g.active AND g.pattern <> ''
            """, new { employees = employees.ToArray() }, cancellationToken: ct));
        var zones = await plantTime.ZonesAsync(ct);
        foreach (var (who, shift, pattern, unit) in shifts)
        {
            conflicts.AddRange(ShiftPattern.Overlaps(pattern, start, end, zones.ZoneOf(unit)).Select(o => new ConflictDto("shift", Guid.Empty, shift, o.Start, o.End, who)));
        }

        return conflicts;
    }

    private sealed class Row
    {
        public string Kind { get; init; } = "";

        public Guid SessionId { get; init; }

        public string SessionTitle { get; init; } = "";

        public DateTime StartsAt { get; init; }

        public DateTime EndsAt { get; init; }

        public string Who { get; init; } = "";
    }
}
