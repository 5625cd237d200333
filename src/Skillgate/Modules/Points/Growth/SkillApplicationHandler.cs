using Dapper;
using Microsoft.AspNetCore.Authorization;
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

namespace Skillgate.Modules.Points.Growth;

/// <summary>
/// Growth points for a skill applied on the line: a person (or their team lead, for someone in their scope) records how the
/// skill was applied with its evidence; the department head confirms it with the points they choose within the rule's range
/// (50–100 by default) — which the ledger pays once — or rejects it. Nothing is paid before the confirmation.
/// </summary>
internal sealed class SkillApplicationHandler(
    NpgsqlDataSource dataSource, UnitOfWork work, PointsLedger ledger, CurrentUser me, IAuthorizationService authorization, NotificationService notifications,
    AuditActor actor, TimeProvider clock, Texts t)
{
    public static readonly string[] Decisions = ["confirm", "reject"];

    private const string Columns =
        """
        a.id, a.employee_id, e.employee_no, e.name AS employee_name, s.name AS skill, a.title, a.description, a.evidence_file_ids, a.status, a.recorded_by, a.recorded_at,
        a.decided_by, a.decided_at, a.points, a.note
        """;

    private const string From = "points.skill_application a JOIN org.employee_v e ON e.id = a.employee_id LEFT JOIN competence.skill_v s ON s.id = a.skill_id";

    public async Task<SkillApplicationDto> SubmitAsync(SkillApplicationInput input, CancellationToken ct)
    {
        var employee = input.EmployeeId ?? me.EmployeeId ?? throw new RuleViolationException("points_no_employee", t["points.no_employee"]);
        var title = input.Title?.Trim();
        var description = input.Description?.Trim();
        var files = input.EvidenceFileIds?.Distinct().ToArray() ?? [];
        var v = new Validation()
            .Require("title", title, t["validation.required"]).MaxLength("title", title, 200, t["validation.max_length", 200])
            .Require("description", description, t["validation.required"]).MaxLength("description", description, 4000, t["validation.max_length", 4000]);
        if (files.Length > 6)
        {
            v.Add("evidenceFileIds", t["points.evidence_count", 6]);
        }

        v.ThrowIfInvalid();
        if (employee != me.EmployeeId && !(await authorization.AuthorizeAsync(me.Principal, Permissions.PointsRead)).Succeeded)
        {
            throw new ForbiddenException("points_other_person", t["points.record_for_others"]);
        }

        var id = Guid.CreateVersion7();
        await using (var tx = await work.BeginAsync(ct))
        {
            var unit = await tx.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT org_unit_id FROM org.employee_v WHERE id = @employee", new { employee }, tx.Sql, cancellationToken: ct)) ?? throw new NotFoundException("employee");
            if (input.SkillId is { } skill && !await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM competence.skill_v WHERE id = @skill AND active)", new { skill }, tx.Sql, cancellationToken: ct)))
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["skillId"] = [t["points.skill_unknown"]] });
            }

            if (files.Length > 0 && await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "SELECT count(*)::int FROM platform.stored_file WHERE id = ANY (@files)", new { files }, tx.Sql, cancellationToken: ct)) != files.Length)
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["evidenceFileIds"] = [t["files.unknown"]] });
            }

            await tx.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO points.skill_application (id, employee_id, org_unit_id, skill_id, title, description, evidence_file_ids, status, recorded_by, recorded_at)
                VALUES (@id, @employee, @unit, @SkillId, @title, @description, @files, 'submitted', @by, @now)
                """, new { id, employee, unit, input.SkillId, title, description, files, by = actor.Current.Name, now = clock.GetUtcNow() }, tx.Sql, cancellationToken: ct));
            await tx.AuditAsync("created", "skill_application", id, null, new { employee, input.SkillId, title });
            var heads = await tx.Connection.ExecuteScalarAsync<Guid[]>(new CommandDefinition("SELECT org.department_heads(@unit)", new { unit }, tx.Sql, cancellationToken: ct)) ?? [];
            await notifications.SendAsync(tx.Connection, tx.Sql, heads, h => h, h => new NotificationService.Outgoing(
                h, "points", t["points.application_to_confirm", title!], description!.Length > 200 ? description[..200] : description, "/Points/Applications", $"skill-application:{id}"), ct);
            await tx.CommitAsync(ct);
        }

        return await ReadAsync(id, ct);
    }

    /// <summary>The caller's own applications and those they recorded, newest first.</summary>
    public async Task<IReadOnlyList<SkillApplicationDto>> MineAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE a.employee_id = @me OR a.recorded_by = @name ORDER BY a.recorded_at DESC, a.id DESC LIMIT 100",
            new { me = me.EmployeeId ?? Guid.Empty, name = me.Name }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    /// <summary>Applications of people in the caller's scope (waiting ones first, or of one status), paged.</summary>
    public async Task<Page<SkillApplicationDto>> ListAsync(string? status, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        status = status is "submitted" or "confirmed" or "rejected" ? status : null;
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { status, offset = (page - 1) * pageSize, pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM points.skill_application a WHERE (@status::text IS NULL OR a.status = @status)", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE (@status::text IS NULL OR a.status = @status) ORDER BY a.status = 'submitted' DESC, a.recorded_at, a.id OFFSET @offset LIMIT @pageSize",
            args, cancellationToken: ct));
        return new Page<SkillApplicationDto>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    public async Task<SkillApplicationDto> DecideAsync(Guid id, SkillApplicationDecision input, CancellationToken ct)
    {
        var note = input.Note?.Trim();
        var v = new Validation();
        if (input.Decision is null || !Decisions.Contains(input.Decision, StringComparer.Ordinal))
        {
            v.Add("decision", t["points.choose_one", string.Join(", ", Decisions.Select(d => t[PointsVocabularies.ApplicationDecision, d].Value))]);
        }

        if (input.Decision == "reject")
        {
            v.Require("note", note, t["validation.required"]);
        }

        v.MaxLength("note", note, 500, t["validation.max_length", 500]).ThrowIfInvalid();
        var current = await ReadAsync(id, ct);
        if (current.EmployeeId == me.EmployeeId || current.RecordedBy == actor.Current.Name)
        {
            throw new ForbiddenException("points_own_application", t["points.own_application"]);
        }

        if (current.Status != "submitted")
        {
            throw new RuleViolationException("points_application_decided", t["points.application_decided", t[PointsVocabularies.ApplicationStatus, current.Status]]);
        }

        await using var tx = await work.BeginAsync(ct);
        if (input.Decision == "confirm")
        {
            var range = await tx.Connection.QuerySingleOrDefaultAsync<(int Min, int Max, int Points)?>(new CommandDefinition(
                "SELECT min_points, max_points, points FROM points.range_for('skill_applied', @employee)", new { employee = current.EmployeeId }, tx.Sql, cancellationToken: ct))
                ?? throw new RuleViolationException("points_no_rule", t["points.no_rule"]);
            if (input.Points is not { } chosen || chosen < range.Min || chosen > range.Max)
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["points"] = [t["points.points_range", range.Min, range.Max]] });
            }

            var award = await ledger.AwardAsync(new PointsLedger.Award(current.EmployeeId, "skill_applied", "skill_application", id, $"skill:{id}", current.Title) { Points = chosen }, ct);
            await Update(tx, id, "confirmed", award.Awarded, note, ct);
        }
        else
        {
            await Update(tx, id, "rejected", null, note, ct);
        }

        await tx.AuditAsync("updated", "skill_application", id, new { current.Status }, new { input.Decision, input.Points, note });
        await notifications.SendToEmployeeAsync(tx.Connection, tx.Sql, current.EmployeeId, "points",
            () => (t["points.application_notice", current.Title, t[PointsVocabularies.ApplicationDecision, input.Decision!]], note ?? ""), "/Points/Applications",
            $"skill-application:{id}:{input.Decision}", ct);
        await tx.CommitAsync(ct);
        return await ReadAsync(id, ct);
    }

    private async Task Update(UnitOfWorkTransaction tx, Guid id, string status, int? points, string? note, CancellationToken ct)
    {
        var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE points.skill_application SET status = @status, points = @points, note = @note, decided_by = @by, decided_at = @now WHERE id = @id AND status = 'submitted'",
            new { id, status, points, note, by = actor.Current.Name, now = clock.GetUtcNow() }, tx.Sql, cancellationToken: ct));
        if (changed == 0)
        {
            throw new RuleViolationException("points_application_decided", t["points.application_decided", t[PointsVocabularies.ApplicationStatus, status]]);
        }
    }

    private async Task<SkillApplicationDto> ReadAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM {From} WHERE a.id = @id", new { id }, cancellationToken: ct));
        return row?.ToDto() ?? throw new NotFoundException(t["points.application_unknown"]);
    }

    /// <summary>Set by property: Dapper hands a <c>uuid[]</c> column over as an array it cannot match to a constructor.</summary>
    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string EmployeeName { get; init; } = "";

        public string? Skill { get; init; }

        public string Title { get; init; } = "";

        public string Description { get; init; } = "";

        public Guid[] EvidenceFileIds { get; init; } = [];

        public string Status { get; init; } = "";

        public string RecordedBy { get; init; } = "";

        public DateTime RecordedAt { get; init; }

        public string? DecidedBy { get; init; }

        public DateTime? DecidedAt { get; init; }

        public int? Points { get; init; }

        public string? Note { get; init; }

        public SkillApplicationDto ToDto() => new(
            Id, EmployeeId, EmployeeNo, EmployeeName, Skill, Title, Description, EvidenceFileIds, Status, RecordedBy, Utc(RecordedAt), DecidedBy, Utc(DecidedAt), Points, Note);
    }
}
