using System.Security.Cryptography;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Demo;

/// <summary>
/// With the demo hospital: the nursing department's and surgery's teaching rooms, this afternoon's IV-therapy classroom session
/// for 内科二病区 (the ward whose checks are failing), taught by 张丽, and the past five months' monthly nursing lessons of four
/// wards with their check-ins.
/// </summary>
internal sealed class HospitalTrainingDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    private static readonly Dictionary<string, string> PastWards = new(StringComparer.Ordinal)
    {
        ["HOSP-SURG-W1"] = "外科一病区", ["HOSP-SURG-W2"] = "外科二病区", ["HOSP-MED-W1"] = "内科一病区", ["HOSP-ICU-W1"] = "ICU 病区",
    };

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
        var course = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM learning.course_v WHERE code = 'IVT-CLS'");
        var instructor = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM learning.instructor_v WHERE kind = 'internal' ORDER BY created_at LIMIT 1");
        var units = (await read.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM org.org_unit_v WHERE code IN ('HOSP-NURS', 'HOSP-SURG', 'HOSP-MED-W2')")).ToDictionary(u => u.Code, u => u.Id);
        if (course is null || units.Count < 3)
        {
            return;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var big = new Room { Id = Guid.CreateVersion7(now), Code = "HOSP-TR-01", Name = "护理部 示教室", Capacity = 40, Equipment = "投影仪、模拟人、静脉穿刺模型", OrgUnitId = units["HOSP-NURS"], CreatedAt = now };
        var small = new Room { Id = Guid.CreateVersion7(now), Code = "HOSP-TR-02", Name = "外科 示教室", Capacity = 15, Equipment = "电视屏", OrgUnitId = units["HOSP-SURG"], CreatedAt = now };
        db.AddRange(big, small);
        var start = new DateTimeOffset((now.UtcTicks + TimeSpan.TicksPerMinute * 15 - 1) / (TimeSpan.TicksPerMinute * 15) * (TimeSpan.TicksPerMinute * 15), TimeSpan.Zero);
        var session = new Session
        {
            Id = Guid.CreateVersion7(now), CourseId = course.Value, Title = "静脉治疗规范课堂培训 · 内科二病区", RoomId = big.Id, OrgUnitId = units["HOSP-MED-W2"], StartsAt = start,
            EndsAt = start.AddHours(2), Capacity = 30, QrSecret = RandomNumberGenerator.GetBytes(32), CreatedBy = "hr", CreatedAt = now,
        };
        db.Add(session);
        if (instructor is { } teacher)
        {
            db.Add(new SessionInstructor { SessionId = session.Id, InstructorId = teacher });
        }

        var nurses = await read.QueryAsync<Guid>(
            "SELECT e.id FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id WHERE u.code = 'HOSP-MED-W2' AND e.status = 'active' ORDER BY e.employee_no LIMIT 30");
        db.AddRange(nurses.Select(n => new Participant { SessionId = session.Id, EmployeeId = n, Status = "invited", Source = "invited", InvitedAt = now }));
        await TrainingDemoSeeder.AddPastSessionsAsync(db, read, course.Value, big.Id, [.. PastWards.Keys], ward => $"月度护理业务学习 · {PastWards[ward]}", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
