using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Training.Mandatory;

/// <summary>
/// Mandatory training: people in a session's org unit (with its subtree) who lack a training requirement the session's course
/// covers — not trained, retraining required, expired or expiring — are invited to the next suitable session while seats remain,
/// and they and their department heads are told (once per session) and reminded each day in the two days before it.
/// </summary>
internal sealed class MandatoryInvitations(TrainingDb db, NpgsqlDataSource dataSource, NotificationService notifications, TimeProvider clock, Texts t)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var invited = await InviteAsync(ct);
        await RemindAsync(ct);
        return invited;
    }

    /// <summary>Until it is done: each day in the two days before a mandatory session, the invitee and their heads are reminded once.</summary>
    private async Task RemindAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var due = await connection.QueryAsync<(Guid SessionId, string Title, DateTime StartsAt, Guid EmployeeId, Guid[] Users)>(new CommandDefinition(
            $"""
            SELECT s.id, s.title, s.starts_at, p.employee_id, {Recipients("p.employee_id")}
            FROM training.participant p JOIN training.session s ON s.id = p.session_id
            WHERE p.source = 'mandatory' AND p.status = 'invited' AND s.status = 'scheduled' AND s.starts_at > @now AND s.starts_at <= @now + interval '2 days'
            """, new { now }, cancellationToken: ct));
        var today = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await notifications.SendAsync(connection, null, due.SelectMany(d => d.Users.Select(u => (User: u, Due: d))).ToList(), m => m.User, m => new NotificationService.Outgoing(
            m.User, "mandatory_reminder", t["training.mandatory_reminder", m.Due.Title], Starts(m.Due.StartsAt), $"/Training/Sessions/Details?id={m.Due.SessionId}",
            $"mandatory-reminder:{m.Due.SessionId}:{m.Due.EmployeeId}:{today}"), ct);
    }

    /// <summary>The employee's own accounts and their department heads, as one array column.</summary>
    private static string Recipients(string employeeId) =>
        $"""
        ARRAY(SELECT us.id FROM auth.app_user us WHERE us.active AND us.employee_id = {employeeId}
              UNION
              SELECT unnest(org.department_heads((SELECT e.org_unit_id FROM org.employee_v e WHERE e.id = {employeeId}))))
        """;

    private string Starts(DateTime startsAt) =>
        t["training.mandatory_body", Utc(startsAt).ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)];

    private async Task<int> InviteAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var candidates = (await connection.QueryAsync<(Guid SessionId, string Title, DateTime StartsAt, Guid EmployeeId, Guid[] Users)>(new CommandDefinition(
            $"""
            WITH open_session AS (
                SELECT s.*, s.capacity - (SELECT count(*) FROM training.participant p WHERE p.session_id = s.id AND p.status = 'invited') AS seats
                FROM training.session s WHERE s.status = 'scheduled' AND s.starts_at > @now AND s.org_unit_id IS NOT NULL),
            needed AS (
                SELECT DISTINCT ON (e.id, os.course_id) os.id AS session_id, os.title, os.starts_at, e.id AS employee_id, os.seats, q.due_on
                FROM open_session os
                JOIN learning.course_document_v cd ON cd.course_id = os.course_id
                JOIN standards.document_version_v v ON v.id = cd.document_version_id
                JOIN competence.requirement_v r ON r.active AND r.kind = 'training' AND r.document_id = v.document_id
                JOIN competence.qualification_v q ON q.requirement_id = r.id AND q.status IN ('not_trained', 'retraining_required', 'expired', 'expiring')
                JOIN org.employee_v e ON e.id = q.employee_id AND e.status = 'active'
                    AND org.unit_within(e.org_unit_id, os.org_unit_id)
                WHERE os.seats > 0
                  AND NOT EXISTS (SELECT 1 FROM training.participant p JOIN training.session s2 ON s2.id = p.session_id
                                  WHERE p.employee_id = e.id AND p.status <> 'cancelled' AND s2.course_id = os.course_id AND s2.status = 'scheduled' AND s2.starts_at > @now)
                ORDER BY e.id, os.course_id, os.starts_at),
            ranked AS (
                SELECT n.*, row_number() OVER (PARTITION BY n.session_id ORDER BY n.due_on NULLS LAST, n.employee_id) AS seat FROM needed n)
            SELECT r.session_id, r.title, r.starts_at, r.employee_id, {Recipients("r.employee_id")}
            FROM ranked r WHERE r.seat <= r.seats
            """, new { now }, cancellationToken: ct))).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        db.AddRange(candidates.Select(c => new Participant { SessionId = c.SessionId, EmployeeId = c.EmployeeId, Status = "invited", Source = "mandatory", InvitedAt = now }));
        await db.SaveChangesAsync(ct);
        await notifications.SendAsync(connection, null, candidates.SelectMany(c => c.Users.Select(u => (User: u, Seat: c))).ToList(), m => m.User, m => new NotificationService.Outgoing(
            m.User, "mandatory_training", t["training.mandatory_title", m.Seat.Title], Starts(m.Seat.StartsAt),
            $"/Training/Sessions/Details?id={m.Seat.SessionId}", $"mandatory:{m.Seat.SessionId}:{m.Seat.EmployeeId}"), ct);
        return candidates.Count;
    }
}
