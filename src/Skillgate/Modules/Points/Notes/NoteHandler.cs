using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Points.Notes;

/// <summary>
/// Shared learning notes (分享培训心得): an employee posts a note on a published course; an instructor of the course or HR
/// approves it with the note rule's points (paid once, under the note's key) or returns it with a reason, and the author may
/// change a returned note and submit it again. Approved notes are shown on the course page, where colleagues like them once.
/// Nobody approves or likes their own note.
/// </summary>
internal sealed class NoteHandler(
    NpgsqlDataSource dataSource, UnitOfWork work, PointsLedger ledger, CurrentUser me, AuditActor actor, TimeProvider clock, NotificationService notifications, Texts t)
{
    public const int MaxPhotos = 6;

    public static readonly string[] Decisions = ["approve", "return"];

    private const string Columns =
        """
        n.id, n.course_id, c.code AS course_code, c.title AS course_title, n.employee_id, n.author_name, n.body, n.photo_file_ids, n.status, n.created_at, n.updated_at,
        n.decided_by, n.decided_at, n.points, n.return_reason,
        (SELECT count(*)::int FROM points.note_like l WHERE l.note_id = n.id) AS likes,
        EXISTS (SELECT 1 FROM points.note_like l WHERE l.note_id = n.id AND l.employee_id = @me) AS liked_by_me
        """;

    private const string From = "points.note n JOIN learning.course_v c ON c.id = n.course_id";

    public async Task<NoteDto> PostAsync(NoteInput input, CancellationToken ct)
    {
        var employee = me.EmployeeId ?? throw new RuleViolationException("points_no_employee", t["points.no_employee"]);
        var (body, photos) = Validate(input, requireCourse: true);
        var id = Guid.CreateVersion7();
        await using (var tx = await work.BeginAsync(ct))
        {
            var course = input.CourseId!.Value;
            var title = await tx.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT title FROM learning.course_v WHERE id = @course AND status = 'published'", new { course }, tx.Sql, cancellationToken: ct))
                ?? throw new ValidationFailedException(new Dictionary<string, string[]> { ["courseId"] = [t["points.note_course_unknown"]] });
            await CheckPhotosAsync(tx, photos, null, ct);
            var person = await tx.Connection.QuerySingleAsync<(Guid Unit, string Name)>(new CommandDefinition(
                "SELECT org_unit_id, name FROM org.employee_v WHERE id = @employee", new { employee }, tx.Sql, cancellationToken: ct));
            var now = clock.GetUtcNow();
            await tx.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO points.note (id, course_id, employee_id, org_unit_id, author_name, body, photo_file_ids, status, created_at, updated_at)
                VALUES (@id, @course, @employee, @unit, @name, @body, @photos, 'submitted', @now, @now)
                """, new { id, course, employee, unit = person.Unit, name = person.Name, body, photos, now }, tx.Sql, cancellationToken: ct));
            await tx.AuditAsync("created", "points_note", id, null, new { course, employee, photos = photos.Length });
            var instructors = await tx.Connection.QueryAsync<Guid>(new CommandDefinition(
                """
                SELECT u.id FROM learning.instructor_course_v ic JOIN learning.instructor_v i ON i.id = ic.instructor_id
                JOIN auth.app_user u ON u.employee_id = i.employee_id AND u.active
                WHERE ic.course_id = @course AND i.active AND i.employee_id <> @employee
                """, new { course, employee }, tx.Sql, cancellationToken: ct));
            await notifications.SendAsync(tx.Connection, tx.Sql, instructors.ToList(), u => u, u => new NotificationService.Outgoing(
                u, "points", t["points.note_to_review", person.Name, title], Excerpt(body), "/Points/Notes/Review", $"note:{id}"), ct);
            await tx.CommitAsync(ct);
        }

        return await GetAsync(id, ct);
    }

    /// <summary>The author changes a note not yet approved; a returned note goes back for review.</summary>
    public async Task<NoteDto> EditAsync(Guid id, NoteInput input, CancellationToken ct)
    {
        var (body, photos) = Validate(input, requireCourse: false);
        var current = await GetAsync(id, ct);
        if (current.EmployeeId != me.EmployeeId)
        {
            throw new ForbiddenException("points_not_author", t["points.note_not_author"]);
        }

        await using (var tx = await work.BeginAsync(ct))
        {
            await CheckPhotosAsync(tx, photos, id, ct);
            var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE points.note SET body = @body, photo_file_ids = @photos, status = 'submitted', return_reason = NULL, updated_at = @now
                WHERE id = @id AND status IN ('submitted', 'returned')
                """, new { id, body, photos, now = clock.GetUtcNow() }, tx.Sql, cancellationToken: ct));
            if (changed == 0)
            {
                throw new RuleViolationException("points_note_decided", t["points.note_decided"]);
            }

            await tx.AuditAsync("updated", "points_note", id, new { current.Status }, new { photos = photos.Length });
            await tx.CommitAsync(ct);
        }

        return await GetAsync(id, ct);
    }

    public async Task<NoteDto> DecideAsync(Guid id, NoteDecision input, CancellationToken ct)
    {
        var reason = input.Reason?.Trim();
        var v = new Validation();
        if (input.Decision is null || !Decisions.Contains(input.Decision, StringComparer.Ordinal))
        {
            v.Add("decision", t["points.choose_one", string.Join(", ", Decisions.Select(d => t[PointsVocabularies.NoteDecision, d].Value))]);
        }

        if (input.Decision == "return")
        {
            v.Require("reason", reason, t["validation.required"]);
        }

        v.MaxLength("reason", reason, 500, t["validation.max_length", 500]).ThrowIfInvalid();
        var current = await GetAsync(id, ct, system: true);
        if (current.EmployeeId == me.EmployeeId)
        {
            throw new ForbiddenException("points_own_note", t["points.own_note"]);
        }

        if (!await MayReviewAsync(current.CourseId, ct))
        {
            throw new ForbiddenException("points_not_course_instructor", t["points.not_course_instructor"]);
        }

        // Teaching the course entitles the reviewer to the note whatever their own data scope.
        using var reviewer = SqlScope.AsSystem();
        await using var tx = await work.BeginAsync(ct);
        var seen = (input.Seen ?? current.UpdatedAt).ToUniversalTime();

        var now = clock.GetUtcNow();
        if (input.Decision == "approve")
        {
            var range = await tx.Connection.QuerySingleOrDefaultAsync<(int Min, int Max, int Points)?>(new CommandDefinition(
                "SELECT min_points, max_points, points FROM points.range_for('note', @employee)", new { employee = current.EmployeeId }, tx.Sql, cancellationToken: ct))
                ?? throw new RuleViolationException("points_no_rule", t["points.no_rule"]);
            var chosen = input.Points ?? range.Points;
            if (chosen < range.Min || chosen > range.Max)
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["points"] = [t["points.points_range", range.Min, range.Max]] });
            }

            await Update(tx, id, "UPDATE points.note SET status = 'approved', points = @points, decided_by = @by, decided_at = @now WHERE id = @id AND status = 'submitted' AND updated_at = @seen",
                new { id, points = chosen, by = actor.Current.Name, now, seen }, ct);
            var award = await ledger.AwardAsync(new PointsLedger.Award(current.EmployeeId, "note", "note", id, $"note:{id}", $"{current.CourseCode} {current.CourseTitle}") { Points = chosen }, ct);
            if (award.Awarded != chosen)
            {
                // The rule's daily or monthly cap cut the award: the note says what it paid.
                await tx.Connection.ExecuteAsync(new CommandDefinition("UPDATE points.note SET points = @paid WHERE id = @id", new { id, paid = award.Awarded }, tx.Sql, cancellationToken: ct));
            }
        }
        else
        {
            await Update(tx, id, "UPDATE points.note SET status = 'returned', return_reason = @reason, decided_by = @by, decided_at = @now WHERE id = @id AND status = 'submitted' AND updated_at = @seen",
                new { id, reason, by = actor.Current.Name, now, seen }, ct);
        }

        await tx.AuditAsync("updated", "points_note", id, new { current.Status }, new { input.Decision, input.Points, reason });
        await notifications.SendToEmployeeAsync(tx.Connection, tx.Sql, current.EmployeeId, "points",
            () => (t["points.note_notice", current.CourseTitle, t[PointsVocabularies.NoteDecision, input.Decision!]], reason ?? ""), "/Points/Notes", $"note:{id}:{input.Decision}:{now.ToUnixTimeSeconds()}", ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Likes (or, with <paramref name="like"/> false, unlikes) an approved note of someone else; liking twice counts once.</summary>
    public async Task<NoteDto> LikeAsync(Guid id, bool like, CancellationToken ct)
    {
        var employee = me.EmployeeId ?? throw new RuleViolationException("points_no_employee", t["points.no_employee"]);
        var current = await GetAsync(id, ct);
        if (current.Status != "approved")
        {
            throw new RuleViolationException("points_note_not_approved", t["points.note_not_approved"]);
        }

        if (current.EmployeeId == employee)
        {
            throw new RuleViolationException("points_own_like", t["points.own_like"]);
        }

        await using (var tx = await work.BeginAsync(ct))
        {
            var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
                like
                    ? "INSERT INTO points.note_like (note_id, employee_id, liked_at) VALUES (@id, @employee, @now) ON CONFLICT DO NOTHING"
                    : "DELETE FROM points.note_like WHERE note_id = @id AND employee_id = @employee",
                new { id, employee, now = clock.GetUtcNow() }, tx.Sql, cancellationToken: ct));
            if (changed > 0)
            {
                await tx.AuditAsync(like ? "created" : "deleted", "points_note_like", id, null, new { employee });
            }

            await tx.CommitAsync(ct);
        }

        return await GetAsync(id, ct);
    }

    /// <summary>A note the caller may see (approved, theirs, or of a person in their scope); a reviewer reads it whoever wrote it.</summary>
    public async Task<NoteDto> GetAsync(Guid id, CancellationToken ct, bool system = false)
    {
        await using var connection = system ? await dataSource.OpenSystemAsync(ct) : await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE n.id = @id", new { id, me = me.EmployeeId ?? Guid.Empty }, cancellationToken: ct));
        return row?.ToDto() ?? throw new NotFoundException(t["points.note_unknown"]);
    }

    /// <summary>A course's approved notes, most liked first, paged.</summary>
    public async Task<Page<NoteDto>> ForCourseAsync(Guid courseId, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 100);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { courseId, me = me.EmployeeId ?? Guid.Empty, offset = (page - 1) * pageSize, pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM points.note n WHERE n.course_id = @courseId AND n.status = 'approved'", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE n.course_id = @courseId AND n.status = 'approved' ORDER BY likes DESC, n.decided_at DESC, n.id OFFSET @offset LIMIT @pageSize",
            args, cancellationToken: ct));
        return new Page<NoteDto>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    public async Task<IReadOnlyList<NoteDto>> MineAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE n.employee_id = @me ORDER BY n.created_at DESC LIMIT 100", new { me = me.EmployeeId ?? Guid.Empty }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    /// <summary>Notes waiting for the caller: all submitted ones for HR, those on the caller's courses for an instructor; oldest first, paged.</summary>
    public async Task<Page<NoteDto>> WaitingAsync(int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 100);
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var where =
            """
            n.status = 'submitted' AND n.employee_id IS DISTINCT FROM @me AND (@hr OR EXISTS (
                SELECT 1 FROM learning.instructor_course_v ic JOIN learning.instructor_v i ON i.id = ic.instructor_id
                WHERE ic.course_id = n.course_id AND i.active AND i.employee_id = @me))
            """;
        var args = new { me = me.EmployeeId, hr = me.IsInRole(Roles.HR), offset = (page - 1) * pageSize, pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*)::int FROM points.note n WHERE {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE {where} ORDER BY n.updated_at, n.id OFFSET @offset LIMIT @pageSize", args, cancellationToken: ct));
        return new Page<NoteDto>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    /// <summary>Published courses for the note form's picker.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Code, string Title)>> CoursesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        return (await connection.QueryAsync<(Guid, string, string)>(new CommandDefinition(
            "SELECT id, code, title FROM learning.course_v WHERE status = 'published' ORDER BY code LIMIT 500", cancellationToken: ct))).ToList();
    }

    private async Task<bool> MayReviewAsync(Guid course, CancellationToken ct)
    {
        if (me.IsInRole(Roles.HR))
        {
            return true;
        }

        await using var connection = await dataSource.OpenSystemAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM learning.instructor_course_v ic JOIN learning.instructor_v i ON i.id = ic.instructor_id
                           WHERE ic.course_id = @course AND i.active AND i.employee_id = @me)
            """, new { course, me = me.EmployeeId }, cancellationToken: ct));
    }

    private (string Body, Guid[] Photos) Validate(NoteInput input, bool requireCourse)
    {
        var body = input.Body?.Trim() ?? "";
        var photos = input.PhotoFileIds?.Distinct().ToArray() ?? [];
        var v = new Validation();
        if (requireCourse && input.CourseId is null)
        {
            v.Add("courseId", t["validation.required"]);
        }

        if (body.Length < 10 || body.Length > 4000)
        {
            v.Add("body", t["points.note_length", 10, 4000]);
        }

        if (photos.Length > MaxPhotos)
        {
            v.Add("photoFileIds", t["points.evidence_count", MaxPhotos]);
        }

        v.ThrowIfInvalid();
        return (body, photos);
    }

    /// <summary>Pictures the author stored themselves (or the note already had): nobody attaches someone else's photo by its id.</summary>
    private async Task CheckPhotosAsync(UnitOfWorkTransaction tx, Guid[] photos, Guid? note, CancellationToken ct)
    {
        if (photos.Length > 0 && await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                """
                SELECT count(*)::int FROM platform.stored_file f
                WHERE f.id = ANY (@photos) AND f.content_type IN ('image/png', 'image/jpeg')
                  AND (f.created_by = @by OR EXISTS (SELECT 1 FROM points.note n WHERE n.id = @note AND f.id = ANY (n.photo_file_ids)))
                """, new { photos, by = actor.Current.Name, note }, tx.Sql, cancellationToken: ct)) != photos.Length)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["photoFileIds"] = [t["files.unknown"]] });
        }
    }

    private async Task Update(UnitOfWorkTransaction tx, Guid id, string sql, object args, CancellationToken ct)
    {
        if (await tx.Connection.ExecuteAsync(new CommandDefinition(sql, args, tx.Sql, cancellationToken: ct)) == 0)
        {
            var status = await tx.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM points.note WHERE id = @id", new { id }, tx.Sql, cancellationToken: ct));
            throw status == "submitted"
                ? new RuleViolationException("points_note_changed", t["points.note_changed"])
                : new RuleViolationException("points_note_decided", t["points.note_decided"]);
        }
    }

    private static string Excerpt(string body) => body.Length > 200 ? body[..200] : body;

    /// <summary>Set by property: Dapper hands a <c>uuid[]</c> column over as an array it cannot match to a constructor.</summary>
    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid CourseId { get; init; }

        public string CourseCode { get; init; } = "";

        public string CourseTitle { get; init; } = "";

        public Guid EmployeeId { get; init; }

        public string AuthorName { get; init; } = "";

        public string Body { get; init; } = "";

        public Guid[] PhotoFileIds { get; init; } = [];

        public string Status { get; init; } = "";

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }

        public string? DecidedBy { get; init; }

        public DateTime? DecidedAt { get; init; }

        public int? Points { get; init; }

        public string? ReturnReason { get; init; }

        public int Likes { get; init; }

        public bool LikedByMe { get; init; }

        public NoteDto ToDto() => new(
            Id, CourseId, CourseCode, CourseTitle, EmployeeId, AuthorName, Body, PhotoFileIds, Status, Utc(CreatedAt), Utc(UpdatedAt), DecidedBy, Utc(DecidedAt), Points,
            ReturnReason, Likes, LikedByMe);
    }
}
