using System.Security.Cryptography;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Sessions;

/// <summary>
/// Scheduling sessions of published courses: instructors, room, participants (by employee, position or org unit) with a waitlist
/// beyond the capacity. Every change is checked for double bookings; they are refused with the list unless a reason overrides them.
/// </summary>
internal sealed class SessionHandler(
    TrainingDb db, NpgsqlDataSource dataSource, ICourseCatalog courses, IOrganizationDirectory organization, DataScope scope, ConflictFinder conflicts,
    SessionQueries queries, AuditActor actor, TimeProvider clock, Texts t)
{
    public async Task<SessionDto> CreateAsync(SessionInput input, CancellationToken ct)
    {
        var course = await courses.CourseAsync(input.CourseId, ct);
        var v = Validate(input.StartsAt, input.EndsAt, input.Capacity, input.OverrideReason);
        v.MaxLength("title", input.Title, 200, t["validation.max_length", 200]);
        if (course is null)
        {
            v.Add("courseId", t["learning.course_unknown"]);
        }

        await CheckReferencesAsync(v, input.RoomId, input.InstructorIds ?? [], ct);
        v.ThrowIfInvalid();
        if (course!.Status != "published")
        {
            throw new RuleViolationException("course_not_published", t["learning.course_not_published"]);
        }

        var employees = await InviteesAsync(input.EmployeeIds, input.PositionId, null, ct);
        var instructors = (input.InstructorIds ?? []).Distinct().ToList();
        var start = input.StartsAt.ToUniversalTime();
        var end = input.EndsAt.ToUniversalTime();
        await RefuseConflictsAsync(null, start, end, input.RoomId, instructors, employees, input.OverrideReason, ct);
        var now = clock.GetUtcNow();
        var session = new Session
        {
            Id = Guid.CreateVersion7(), CourseId = course.Id, Title = string.IsNullOrWhiteSpace(input.Title) ? course.Title : input.Title.Trim(), RoomId = input.RoomId,
            OrgUnitId = input.OrgUnitId, StartsAt = start, EndsAt = end, Capacity = input.Capacity, ConflictOverride = Reason(input.OverrideReason),
            QrSecret = RandomNumberGenerator.GetBytes(32), CreatedBy = actor.Current.Name, CreatedAt = now,
        };
        db.Add(session);
        db.AddRange(instructors.Select(i => new SessionInstructor { SessionId = session.Id, InstructorId = i }));
        AddParticipants(session, employees, 0, "invited", now);
        await db.SaveChangesAsync(ct);
        return await queries.GetAsync(session.Id, ct);
    }

    public async Task<SessionDto> UpdateAsync(Guid id, SessionUpdate input, CancellationToken ct)
    {
        var session = await ScheduledAsync(id, ct);
        db.Entry(session).Property(s => s.Version).OriginalValue = input.Version;
        var v = Validate(input.StartsAt, input.EndsAt, input.Capacity, input.OverrideReason);
        await CheckReferencesAsync(v, input.RoomId, input.InstructorIds ?? [], ct);
        v.ThrowIfInvalid();
        var instructors = (input.InstructorIds ?? []).Distinct().ToList();
        var employees = await db.Set<Participant>().Where(p => p.SessionId == id && p.Status != "cancelled").Select(p => p.EmployeeId).ToListAsync(ct);
        var start = input.StartsAt.ToUniversalTime();
        var end = input.EndsAt.ToUniversalTime();
        await RefuseConflictsAsync(id, start, end, input.RoomId, instructors, employees, input.OverrideReason, ct);
        session.RoomId = input.RoomId;
        session.StartsAt = start;
        session.EndsAt = end;
        session.Capacity = input.Capacity;
        session.ConflictOverride = Reason(input.OverrideReason) ?? session.ConflictOverride;
        db.RemoveRange(await db.Set<SessionInstructor>().Where(x => x.SessionId == id).ToListAsync(ct));
        db.AddRange(instructors.Select(i => new SessionInstructor { SessionId = id, InstructorId = i }));
        await db.SaveChangesAsync(ct);
        return await queries.GetAsync(id, ct);
    }

    /// <summary>Invites more people; beyond the capacity they join the waitlist.</summary>
    public async Task<SessionDto> InviteAsync(Guid id, InviteInput input, CancellationToken ct)
    {
        var session = await ScheduledAsync(id, ct);
        new Validation().MaxLength("overrideReason", input.OverrideReason, 500, t["validation.max_length", 500]).ThrowIfInvalid();
        var existing = await db.Set<Participant>().Where(p => p.SessionId == id).ToListAsync(ct);
        var employees = (await InviteesAsync(input.EmployeeIds, input.PositionId, input.OrgUnitId, ct)).Except(existing.Where(p => p.Status != "cancelled").Select(p => p.EmployeeId)).ToList();
        await RefuseConflictsAsync(id, session.StartsAt, session.EndsAt, null, [], employees, input.OverrideReason, ct);
        var now = clock.GetUtcNow();
        foreach (var again in existing.Where(p => p.Status == "cancelled" && employees.Contains(p.EmployeeId)))
        {
            db.Remove(again);
        }

        await db.SaveChangesAsync(ct);
        AddParticipants(session, employees, existing.Count(p => p.Status == "invited"), "invited", now);
        session.ConflictOverride = Reason(input.OverrideReason) ?? session.ConflictOverride;
        await db.SaveChangesAsync(ct);
        return await queries.GetAsync(id, ct);
    }

    /// <summary>Takes someone off the session; the first on the waitlist gets the seat.</summary>
    public async Task<SessionDto> CancelParticipantAsync(Guid id, Guid employeeId, CancellationToken ct)
    {
        await ScheduledAsync(id, ct);
        var participants = await db.Set<Participant>().Where(p => p.SessionId == id).ToListAsync(ct);
        var leaving = participants.FirstOrDefault(p => p.EmployeeId == employeeId && p.Status != "cancelled") ?? throw new NotFoundException("participant");
        var freedSeat = leaving.Status == "invited";
        leaving.Status = "cancelled";
        if (freedSeat && participants.Where(p => p.Status == "waitlisted").OrderBy(p => p.InvitedAt).ThenBy(p => p.EmployeeId).FirstOrDefault() is { } next)
        {
            next.Status = "invited";
        }

        await db.SaveChangesAsync(ct);
        return await queries.GetAsync(id, ct);
    }

    public async Task CancelAsync(Guid id, CancellationToken ct)
    {
        var session = await ScheduledAsync(id, ct);
        session.Status = SessionStatus.Cancelled;
        await db.SaveChangesAsync(ct);
    }

    private void AddParticipants(Session session, IEnumerable<Guid> employees, int alreadyInvited, string source, DateTimeOffset now)
    {
        var seats = session.Capacity - alreadyInvited;
        foreach (var employee in employees)
        {
            db.Add(new Participant { SessionId = session.Id, EmployeeId = employee, Status = seats-- > 0 ? "invited" : "waitlisted", Source = source, InvitedAt = now });
        }
    }

    private async Task RefuseConflictsAsync(
        Guid? id, DateTimeOffset start, DateTimeOffset end, Guid? roomId, IReadOnlyCollection<Guid> instructors, IReadOnlyCollection<Guid> employees, string? reason, CancellationToken ct)
    {
        var found = await conflicts.FindAsync(id, start, end, roomId, instructors, employees, ct);
        if (found.Count > 0 && string.IsNullOrWhiteSpace(reason))
        {
            throw new RuleViolationException("conflicts", t["training.conflicts", found.Count], new Dictionary<string, object?> { ["conflicts"] = found });
        }
    }

    /// <summary>Employees to invite: named ones in the caller's scope, everyone active on a position, or in an org unit's subtree.</summary>
    private async Task<List<Guid>> InviteesAsync(IReadOnlyList<Guid>? employeeIds, Guid? positionId, Guid? orgUnitId, CancellationToken ct)
    {
        var result = new List<Guid>();
        foreach (var id in (employeeIds ?? []).Distinct())
        {
            result.Add(await organization.EmployeeVisibleAsync(id, ct) ? id : throw new NotFoundException("employee"));
        }

        if (positionId is not null || orgUnitId is not null)
        {
            var filter = await scope.GetAsync(ct);
            await using var connection = await dataSource.OpenScopedAsync(ct);
            result.AddRange(await connection.QueryAsync<Guid>(new CommandDefinition(
                """
                SELECT e.id FROM org.employee_v e
                WHERE e.status = 'active' AND (@all OR e.org_unit_id = ANY(@units))
                  AND (@positionId::uuid IS NULL OR e.position_id = @positionId)
                  AND (@orgUnitId::uuid IS NULL OR e.org_unit_id IN (SELECT org.unit_subtree(@orgUnitId)))
                ORDER BY e.employee_no LIMIT 2000
                """, new { all = filter.All, units = filter.Ids, positionId, orgUnitId }, cancellationToken: ct)));
        }

        return [.. result.Distinct()];
    }

    private async Task CheckReferencesAsync(Validation v, Guid? roomId, IReadOnlyList<Guid> instructors, CancellationToken ct)
    {
        if (roomId is { } room && !await db.Set<Room>().AnyAsync(r => r.Id == room && r.Active, ct))
        {
            v.Add("roomId", t["training.room_unknown"]);
        }

        if (instructors.Count > 0)
        {
            await using var connection = await dataSource.OpenScopedAsync(ct);
            var known = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*) FROM learning.instructor_v WHERE active AND id = ANY(@ids)", new { ids = instructors.Distinct().ToArray() }, cancellationToken: ct));
            if (known != instructors.Distinct().Count())
            {
                v.Add("instructorIds", t["training.instructor_unknown"]);
            }
        }
    }

    private Validation Validate(DateTimeOffset start, DateTimeOffset end, int capacity, string? reason)
    {
        var v = new Validation();
        if (end <= start || end - start > TimeSpan.FromDays(7))
        {
            v.Add("endsAt", t["training.time_range"]);
        }

        if (capacity is < 1 or > 10000)
        {
            v.Add("capacity", t["training.capacity_range"]);
        }

        v.MaxLength("overrideReason", reason, 500, t["validation.max_length", 500]);
        return v;
    }

    private async Task<Session> ScheduledAsync(Guid id, CancellationToken ct)
    {
        var session = await db.Set<Session>().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("session");
        return session.Status == SessionStatus.Scheduled ? session : throw new RuleViolationException("session_not_scheduled", t["training.session_not_scheduled"]);
    }

    private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
}
