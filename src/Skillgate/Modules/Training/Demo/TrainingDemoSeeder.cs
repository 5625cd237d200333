using System.Security.Cryptography;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Demo;

/// <summary>
/// With the demo plant: two training rooms, this afternoon's classroom session on welding safety for line W1, taught by 张强, and
/// the past five months' closed monthly sessions of four lines with their check-ins (the cockpit's participation trend).
/// </summary>
internal sealed class TrainingDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<TrainingDb>();
        if (await db.Set<Room>().AnyAsync(cancellationToken))
        {
            return;
        }

        await using var read = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken);
        var course = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM learning.course_v WHERE code = 'SAFE-CLS'");
        var instructor = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM learning.instructor_v WHERE kind = 'internal' ORDER BY created_at LIMIT 1");
        var line = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM org.org_unit_v WHERE code = 'P1-WELD-W1'");
        if (course is null || line is null)
        {
            return;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var big = new Room { Id = Guid.CreateVersion7(now), Code = "P1-TR-01", Name = "苏州工厂 培训室 1", Capacity = 40, Equipment = "投影仪、白板", OrgUnitId = line, CreatedAt = now };
        var small = new Room { Id = Guid.CreateVersion7(now), Code = "P1-TR-02", Name = "焊接车间 班前会议区", Capacity = 15, Equipment = "电视屏", OrgUnitId = line, CreatedAt = now };
        db.AddRange(big, small);
        // The demo session starts at the next quarter hour after seeding, so the tour's check-in is on time whenever the demo is made.
        var start = new DateTimeOffset((now.UtcTicks + TimeSpan.TicksPerMinute * 15 - 1) / (TimeSpan.TicksPerMinute * 15) * (TimeSpan.TicksPerMinute * 15), TimeSpan.Zero);
        var session = new Session
        {
            Id = Guid.CreateVersion7(now), CourseId = course.Value, Title = "焊接安全课堂培训 · W1 线", RoomId = big.Id, OrgUnitId = line, StartsAt = start, EndsAt = start.AddHours(2),
            Capacity = 30, QrSecret = RandomNumberGenerator.GetBytes(32), CreatedBy = "hr", CreatedAt = now,
        };
        db.Add(session);
        if (instructor is { } teacher)
        {
            db.Add(new SessionInstructor { SessionId = session.Id, InstructorId = teacher });
        }

        var welders = await read.QueryAsync<Guid>(
            "SELECT e.id FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id WHERE u.code = 'P1-WELD-W1' AND e.status = 'active' ORDER BY e.employee_no LIMIT 30");
        db.AddRange(welders.Select(w => new Participant { SessionId = session.Id, EmployeeId = w, Status = "invited", Source = "invited", InvitedAt = now }));
        await AddPastSessionsAsync(db, read, course.Value, big.Id, PastLines, line => $"月度安全与质量课堂 · {line}", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly string[] PastLines = ["P1-WELD-W1", "P1-WELD-W2", "P1-ASSY-T1", "P1-PAINT-T1"];

    /// <summary>The past five months' closed sessions of each unit, attendance climbing month by month.</summary>
    internal static async Task AddPastSessionsAsync(
        TrainingDb db, NpgsqlConnection read, Guid course, Guid room, string[] units, Func<string, string> title, DateTimeOffset now, CancellationToken ct)
    {
        var people = (await read.QueryAsync<(string Line, Guid Unit, Guid Employee)>(new CommandDefinition(
            """
            SELECT u.code, u.id, e.id FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id
            WHERE u.code = ANY(@lines) AND e.status = 'active' ORDER BY u.code, e.employee_no
            """, new { lines = units }, cancellationToken: ct))).ToList();
        for (var monthsAgo = 5; monthsAgo >= 1; monthsAgo--)
        {
            var month = now.AddMonths(-monthsAgo);
            foreach (var (line, index) in units.Select((l, i) => (l, i)))
            {
                var members = people.Where(p => p.Line == line).ToList();
                if (members.Count == 0)
                {
                    continue;
                }

                var starts = new DateTimeOffset(month.Year, month.Month, 8 + (index * 4), 6, 0, 0, TimeSpan.Zero);
                var session = new Session
                {
                    Id = Guid.CreateVersion7(starts), CourseId = course, Title = title(line), RoomId = room, OrgUnitId = members[0].Unit, StartsAt = starts,
                    EndsAt = starts.AddHours(2), Capacity = 40, Status = SessionStatus.Closed, QrSecret = RandomNumberGenerator.GetBytes(32), CreatedBy = "hr", CreatedAt = starts.AddDays(-7),
                };
                db.Add(session);
                // Attendance climbs month by month and differs by line, so the trend has a shape: every n-th person is absent.
                var absentEvery = 3 + (5 - monthsAgo) + index;
                foreach (var (member, position) in members.Select((m, i) => (m, i)))
                {
                    db.Add(new Participant { SessionId = session.Id, EmployeeId = member.Employee, Status = "invited", Source = "invited", InvitedAt = session.CreatedAt });
                    if (position % absentEvery != 0)
                    {
                        db.Add(new AttendanceRecord
                        {
                            Id = Guid.CreateVersion7(starts), SessionId = session.Id, EmployeeId = member.Employee, Kind = "in", Method = "instructor",
                            At = starts.AddMinutes(position % 9), RecordedAt = starts.AddMinutes(position % 9), RecordedBy = "demo-seed",
                        });
                    }
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
