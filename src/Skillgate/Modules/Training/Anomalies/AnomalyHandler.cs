using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Training.Anomalies;

/// <summary>
/// Every flag raised on a check-in or a session photo, for HR to review: accepted with an explanation or rejected, never
/// silently accepted. Check-ins are limited to the reviewer's data scope.
/// </summary>
internal sealed class AnomalyHandler(
    TrainingDb db, NpgsqlDataSource dataSource, DataScope scope, Results.SessionResults results, AuditActor actor, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<AnomalyDto>> ListAsync(bool openOnly, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT * FROM (
                SELECT 'attendance' AS source, a.id AS record_id, f.flag, s.id AS session_id, s.title AS session_title, s.starts_at AS session_start,
                       e.employee_no, e.name AS employee_name, a.at, r.decision, r.comment, r.reviewed_by,
                       f.flag = ANY(coalesce(ar.blocking_flags, @defaults)) AS blocking
                FROM training.attendance a CROSS JOIN LATERAL unnest(a.flags) AS f(flag)
                JOIN training.session s ON s.id = a.session_id JOIN org.employee_v e ON e.id = a.employee_id
                LEFT JOIN training.attendance_rule ar ON ar.course_id = s.course_id
                LEFT JOIN training.anomaly_review r ON r.source = 'attendance' AND r.record_id = a.id AND r.flag = f.flag
                WHERE a.flags <> '{}' AND (@all OR e.org_unit_id = ANY(@units))
                UNION ALL
                SELECT 'photo', p.id, f.flag, s.id, s.title, s.starts_at, NULL, NULL, p.uploaded_at, r.decision, r.comment, r.reviewed_by,
                       f.flag = ANY(coalesce(ar.blocking_flags, @defaults))
                FROM training.session_photo p CROSS JOIN LATERAL unnest(p.flags) AS f(flag)
                JOIN training.session s ON s.id = p.session_id
                LEFT JOIN training.attendance_rule ar ON ar.course_id = s.course_id
                LEFT JOIN training.anomaly_review r ON r.source = 'photo' AND r.record_id = p.id AND r.flag = f.flag
                WHERE @all) x
            WHERE NOT @openOnly OR decision IS NULL
            ORDER BY session_start DESC, at DESC
            LIMIT 1000
            """, new { all = filter.All, units = filter.Ids, openOnly, defaults = Attendance.AttendanceCounting.DefaultBlocking.ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    /// <summary>How many flags in the caller's scope still wait for a review (what <see cref="ListAsync"/> lists with openOnly).</summary>
    public async Task<int> OpenCountAsync(CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            SELECT ((SELECT count(*) FROM training.attendance a CROSS JOIN LATERAL unnest(a.flags) AS f(flag) JOIN org.employee_v e ON e.id = a.employee_id
                     WHERE a.flags <> '{}' AND (@all OR e.org_unit_id = ANY(@units))
                       AND NOT EXISTS (SELECT 1 FROM training.anomaly_review r WHERE r.source = 'attendance' AND r.record_id = a.id AND r.flag = f.flag))
                  + (SELECT count(*) FROM training.session_photo p CROSS JOIN LATERAL unnest(p.flags) AS f(flag)
                     WHERE @all AND NOT EXISTS (SELECT 1 FROM training.anomaly_review r WHERE r.source = 'photo' AND r.record_id = p.id AND r.flag = f.flag)))::int
            """, new { all = filter.All, units = filter.Ids }, cancellationToken: ct));
    }

    public async Task ReviewAsync(ReviewInput input, CancellationToken ct)
    {
        var v = new Validation();
        if (input.Decision is not ("accepted" or "rejected"))
        {
            v.Add("decision", t["anomalies.decision_unknown"]);
        }

        v.Require("comment", input.Comment, t["anomalies.comment_required"]).MaxLength("comment", input.Comment, 1000, t["validation.max_length", 1000]);
        v.ThrowIfInvalid();
        if (!await ExistsAsync(input, ct))
        {
            throw new NotFoundException("anomaly");
        }

        if (await db.Set<AnomalyReview>().AnyAsync(r => r.Source == input.Source && r.RecordId == input.RecordId && r.Flag == input.Flag, ct))
        {
            throw new RuleViolationException("already_reviewed", t["anomalies.already_reviewed"]);
        }

        var comment = input.Comment!.Trim();
        await using var tx = await db.BeginAsync(ct);
        db.Add(new AnomalyReview
        {
            Id = Guid.CreateVersion7(), Source = input.Source, RecordId = input.RecordId, Flag = input.Flag, Decision = input.Decision, Comment = comment,
            ReviewedBy = actor.Current.Name, ReviewedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        var reason = t["results.revoked_by_review", t[input.Source == "attendance" ? TrainingVocabularies.CheckInFlag : TrainingVocabularies.PhotoFlag, input.Flag], comment];
        if (input.Source == "attendance")
        {
            var record = await db.Set<AttendanceRecord>().AsNoTracking().FirstAsync(a => a.Id == input.RecordId, ct);
            await results.ReconsiderAsync(record.SessionId, [record.EmployeeId], reason, ct);
        }
        else
        {
            var photo = await db.Set<SessionPhoto>().AsNoTracking().FirstAsync(p => p.Id == input.RecordId, ct);
            await results.ReconsiderAsync(photo.SessionId, null, reason, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>The flag is on that check-in (of an employee in the caller's scope) or on that photo (whole-organisation reviewers only).</summary>
    private async Task<bool> ExistsAsync(ReviewInput input, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT CASE @source
                WHEN 'attendance' THEN EXISTS (SELECT 1 FROM training.attendance a JOIN org.employee_v e ON e.id = a.employee_id
                                               WHERE a.id = @recordId AND @flag = ANY(a.flags) AND (@all OR e.org_unit_id = ANY(@units)))
                WHEN 'photo' THEN @all AND EXISTS (SELECT 1 FROM training.session_photo p WHERE p.id = @recordId AND @flag = ANY(p.flags))
                ELSE false END
            """, new { source = input.Source, recordId = input.RecordId, flag = input.Flag, all = filter.All, units = filter.Ids }, cancellationToken: ct));
    }

    private sealed class Row
    {
        public string Source { get; init; } = "";

        public Guid RecordId { get; init; }

        public string Flag { get; init; } = "";

        public Guid SessionId { get; init; }

        public string SessionTitle { get; init; } = "";

        public DateTime SessionStart { get; init; }

        public string? EmployeeNo { get; init; }

        public string? EmployeeName { get; init; }

        public DateTime At { get; init; }

        public string? Decision { get; init; }

        public string? Comment { get; init; }

        public string? ReviewedBy { get; init; }

        public bool Blocking { get; init; }

        public AnomalyDto ToDto() => new(
            Source, RecordId, Flag, SessionId, SessionTitle, Utc(SessionStart), EmployeeNo, EmployeeName, Utc(At), Decision, Comment, ReviewedBy, Blocking);
    }
}
