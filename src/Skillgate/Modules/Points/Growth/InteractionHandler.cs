using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Points.Growth;

/// <summary>
/// Participation points for a question or an answer in a session: an instructor of the session (or HR) awards one of the rule's values
/// (2–3 by default) to someone invited to the session; the rule's cap per session (9 by default) cuts what one session pays,
/// and the instructor is told when it did.
/// </summary>
internal sealed class InteractionHandler(
    NpgsqlDataSource dataSource, UnitOfWork work, PointsLedger ledger, CurrentUser me, AuditActor actor, TimeProvider clock, Texts t)
{
    public async Task<InteractionDto> AwardAsync(InteractionInput input, CancellationToken ct)
    {
        var note = input.Note?.Trim() ?? "";
        var v = new Validation();
        if (input.SessionId is null)
        {
            v.Add("sessionId", t["validation.required"]);
        }

        if (input.EmployeeId is null)
        {
            v.Add("employeeId", t["validation.required"]);
        }

        v.MaxLength("note", note, 200, t["validation.max_length", 200]).ThrowIfInvalid();
        var (session, employee) = (input.SessionId!.Value, input.EmployeeId!.Value);
        if (employee == me.EmployeeId)
        {
            throw new ForbiddenException("points_own_award", t["points.own_award"]);
        }

        var id = input.RequestId ?? Guid.CreateVersion7();
        if (await ReplayAsync(id, ct) is { } done)
        {
            return done;
        }

        if (!await TeachesAsync(session, ct))
        {
            throw new ForbiddenException("points_not_session_instructor", t["points.not_session_instructor"]);
        }

        // Teaching the session entitles the instructor to its people whatever their own data scope: what the award refreshes
        // (the person's points requirements, certifications) must see the person too.
        using var teacher = SqlScope.AsSystem();
        await using var tx = await work.BeginAsync(ct);

        // Who was invited is read whatever the instructor's own data scope: teaching the session is what entitles them.
        string title;
        Guid unit;
        await using (var system = await dataSource.OpenSystemAsync(ct))
        {
            title = await system.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT s.title FROM training.session_v s WHERE s.id = @session", new { session }, cancellationToken: ct)) ?? throw new NotFoundException("session");
            unit = await system.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                """
                SELECT e.org_unit_id FROM org.employee_v e
                WHERE e.id = @employee AND EXISTS (SELECT 1 FROM training.participant_v p WHERE p.session_id = @session AND p.employee_id = e.id AND p.status <> 'cancelled')
                """, new { session, employee }, cancellationToken: ct))
                ?? throw new RuleViolationException("points_not_participant", t["points.not_participant"]);
        }

        var range = await tx.Connection.QuerySingleOrDefaultAsync<(int Min, int Max, int Points)?>(new CommandDefinition(
            "SELECT min_points, max_points, points FROM points.range_for('interaction', @employee)", new { employee }, tx.Sql, cancellationToken: ct))
            ?? throw new RuleViolationException("points_no_rule", t["points.no_rule"]);
        var asked = input.Points ?? range.Points;
        if (asked < range.Min || asked > range.Max)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["points"] = [t["points.points_range", range.Min, range.Max]] });
        }

        var award = await ledger.AwardAsync(new PointsLedger.Award(employee, "interaction", "interaction", id, $"interaction:{id}", note.Length > 0 ? $"{title} · {note}" : title)
        {
            Points = asked,
            Context = session,
        }, ct);
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO points.interaction (id, session_id, employee_id, org_unit_id, note, asked, awarded, recorded_by, recorded_at)
            VALUES (@id, @session, @employee, @unit, @note, @asked, @awarded, @by, @now)
            """, new { id, session, employee, unit, note, asked, awarded = award.Awarded, by = actor.Current.Name, now }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("created", "points_interaction", id, null, new { session, employee, asked, award.Awarded });
        await tx.CommitAsync(ct);
        return new InteractionDto(id, session, employee, asked, award.Awarded, note, now);
    }

    /// <summary>The people invited to a session with what interaction has paid them there, for its instructors and HR.</summary>
    public async Task<IReadOnlyList<SessionParticipantPoints>> ParticipantsAsync(Guid session, CancellationToken ct)
    {
        if (!await TeachesAsync(session, ct))
        {
            throw new ForbiddenException("points_not_session_instructor", t["points.not_session_instructor"]);
        }

        await using var connection = await dataSource.OpenSystemAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM training.session_v WHERE id = @session)", new { session }, cancellationToken: ct)))
        {
            throw new NotFoundException("session");
        }

        var rows = await connection.QueryAsync<(Guid Id, string No, string Name, int Awarded, int Count)>(new CommandDefinition(
            """
            SELECT e.id, e.employee_no, e.name, coalesce(sum(i.awarded), 0)::int, count(i.id)::int
            FROM training.participant_v p JOIN org.employee_v e ON e.id = p.employee_id
            LEFT JOIN points.interaction i ON i.session_id = p.session_id AND i.employee_id = p.employee_id
            WHERE p.session_id = @session AND p.status <> 'cancelled'
            GROUP BY e.id, e.employee_no, e.name ORDER BY e.employee_no
            """, new { session }, cancellationToken: ct));
        return rows.Select(r => new SessionParticipantPoints(r.Id, r.No, r.Name, r.Awarded, r.Count)).ToList();
    }

    private const string TeachesSql =
        """
        SELECT EXISTS (SELECT 1 FROM training.session_instructor_v si JOIN learning.instructor_v i ON i.id = si.instructor_id
                       WHERE si.session_id = @session AND i.employee_id = @me)
        """;

    /// <summary>HR, or an instructor of this session (an instructor of another session awards nothing here).</summary>
    private async Task<bool> TeachesAsync(Guid session, CancellationToken ct)
    {
        if (me.IsInRole(Roles.HR))
        {
            return true;
        }

        await using var connection = await dataSource.OpenSystemAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(TeachesSql, new { session, me = me.EmployeeId }, cancellationToken: ct));
    }

    /// <summary>An award already recorded under this request id, answered again instead of paid again.</summary>
    private async Task<InteractionDto?> ReplayAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid Session, Guid Employee, int Asked, int Awarded, string Note, DateTime At)?>(new CommandDefinition(
            "SELECT id, session_id, employee_id, asked, awarded, note, recorded_at FROM points.interaction WHERE id = @id", new { id }, cancellationToken: ct));
        return row is { } r ? new InteractionDto(r.Id, r.Session, r.Employee, r.Asked, r.Awarded, r.Note, Utc(r.At)) : null;
    }

    /// <summary>Sessions of the last 30 days and the next 7 the caller may award in, newest first, for the picker.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Title, DateTimeOffset StartsAt)>> RecentSessionsAsync(CancellationToken ct)
    {
        // HR picks among every session; an instructor among those they teach, whatever their own data scope.
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await connection.QueryAsync<(Guid Id, string Title, DateTime StartsAt)>(new CommandDefinition(
            """
            SELECT s.id, s.title, s.starts_at FROM training.session_v s
            WHERE s.starts_at BETWEEN @from AND @to
              AND (@hr OR EXISTS (SELECT 1 FROM training.session_instructor_v si JOIN learning.instructor_v i ON i.id = si.instructor_id
                                  WHERE si.session_id = s.id AND i.employee_id = @me))
            ORDER BY s.starts_at DESC LIMIT 100
            """,
            new { from = now.AddDays(-30), to = now.AddDays(7), hr = me.IsInRole(Roles.HR), me = me.EmployeeId }, cancellationToken: ct));
        return rows.Select(r => (r.Id, r.Title, Utc(r.StartsAt))).ToList();
    }
}
