using Dapper;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Courses;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Credits;

/// <summary>
/// Continuing-education credits (继续教育学分, issue 25): a person records an external credit with its certificate (or HR does it
/// for them); HR approves or rejects it; an approved credit counts in the person's year at once, so a credits requirement the
/// gate checks is met from that moment. Course credits count from the course completion.
/// </summary>
internal sealed class CreditHandler(
    NpgsqlDataSource dataSource, UnitOfWork work, CurrentUser me, IAuthorizationService authorization, ICreditsStandingRefresh standings,
    NotificationService notifications, AuditActor actor, TimeProvider clock, Texts t)
{
    public static readonly string[] Decisions = ["approve", "reject"];

    private const string Columns =
        """
        x.id, x.employee_id, e.employee_no, e.name AS employee_name, x.title, x.provider, x.category, x.credits, x.earned_on, x.certificate_file_id,
        x.status, x.recorded_by, x.recorded_at, x.decided_by, x.decided_at, x.note
        """;

    private const string From = "learning.external_credit x JOIN org.employee_v e ON e.id = x.employee_id";

    public async Task<ExternalCreditDto> SubmitAsync(ExternalCreditInput input, CancellationToken ct)
    {
        var employee = input.EmployeeId ?? me.EmployeeId ?? throw new RuleViolationException("credits_no_employee", t["credits.no_employee"]);
        var title = input.Title?.Trim();
        var provider = input.Provider?.Trim() ?? "";
        var v = new Validation()
            .Require("title", title, t["validation.required"]).MaxLength("title", title, 200, t["validation.max_length", 200])
            .MaxLength("provider", provider, 200, t["validation.max_length", 200]);
        if (!CourseHandler.CreditCategories.Contains(input.Category))
        {
            v.Add("category", t["learning.credit_category_required"]);
        }

        if (input.Credits is <= 0 or > 50 || decimal.Round(input.Credits, 1) != input.Credits)
        {
            v.Add("credits", t["learning.credits_range", 50]);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (input.EarnedOn > today || input.EarnedOn < today.AddYears(-3))
        {
            v.Add("earnedOn", t["credits.earned_on_range", 3]);
        }

        v.ThrowIfInvalid();
        if (employee != me.EmployeeId && !(await authorization.AuthorizeAsync(me.Principal, Permissions.CreditsApprove)).Succeeded)
        {
            throw new ForbiddenException("credits_other_person", t["credits.record_for_others"]);
        }

        var id = Guid.CreateVersion7();
        await using (var tx = await work.BeginAsync(ct))
        {
            var unit = await tx.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT org_unit_id FROM org.employee_v WHERE id = @employee", new { employee }, tx.Sql, cancellationToken: ct)) ?? throw new NotFoundException("employee");
            if (!await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM platform.stored_file WHERE id = @file)", new { file = input.CertificateFileId }, tx.Sql, cancellationToken: ct)))
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["certificateFileId"] = [t["files.unknown"]] });
            }

            await tx.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO learning.external_credit (id, employee_id, org_unit_id, title, provider, category, credits, earned_on, certificate_file_id, status, recorded_by, recorded_at)
                VALUES (@id, @employee, @unit, @title, @provider, @Category, @Credits, @earnedOn::date, @CertificateFileId, 'submitted', @by, @now)
                """,
                new
                {
                    id, employee, unit, title, provider, input.Category, input.Credits, earnedOn = input.EarnedOn.ToDateTime(TimeOnly.MinValue),
                    input.CertificateFileId, by = actor.Current.Name, now = clock.GetUtcNow(),
                }, tx.Sql, cancellationToken: ct));
            await tx.AuditAsync("created", "external_credit", id, null, new { employee, title, input.Category, input.Credits, input.EarnedOn, input.CertificateFileId });
            await tx.CommitAsync(ct);
        }

        return await ReadAsync(id, ct);
    }

    /// <summary>The caller's own external credit with its certificate file, stored first (the page and the phone's one request).</summary>
    public async Task<ExternalCreditDto> SubmitWithCertificateAsync(
        string? title, string? provider, string? category, decimal credits, DateOnly earnedOn, IFormFile? certificate, FileStore files, PlatformDb db, CancellationToken ct)
    {
        if (certificate is null)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["certificateFileId"] = [t["validation.required"]] });
        }

        await using var stream = certificate.OpenReadStream();
        var stored = await files.SaveAsync(stream, certificate.FileName, certificate.Length, FileKinds.Documents, ct);
        await db.SaveChangesAsync(ct);
        return await SubmitAsync(new ExternalCreditInput(null, title ?? "", provider, category ?? "", credits, earnedOn, stored.Id), ct);
    }

    /// <summary>External credits of people in the caller's scope (waiting ones first, or of one status), paged.</summary>
    public async Task<Page<ExternalCreditDto>> ListAsync(string? status, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        status = status is "submitted" or "approved" or "rejected" ? status : null;
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { status, offset = (page - 1) * pageSize, pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM learning.external_credit x WHERE (@status::text IS NULL OR x.status = @status)", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE (@status::text IS NULL OR x.status = @status) ORDER BY x.status = 'submitted' DESC, x.recorded_at, x.id OFFSET @offset LIMIT @pageSize",
            args, cancellationToken: ct));
        return new Page<ExternalCreditDto>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    /// <summary>The caller's own external credits, newest first.</summary>
    public async Task<IReadOnlyList<ExternalCreditDto>> MineAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {From} WHERE x.employee_id = @me ORDER BY x.recorded_at DESC, x.id DESC LIMIT 200",
            new { me = me.EmployeeId ?? Guid.Empty }, cancellationToken: ct));
        return rows.Select(r => r.ToDto()).ToList();
    }

    public async Task<ExternalCreditDto> DecideAsync(Guid id, ExternalCreditDecision input, CancellationToken ct)
    {
        var note = input.Note?.Trim();
        var v = new Validation();
        if (input.Decision is null || !Decisions.Contains(input.Decision, StringComparer.Ordinal))
        {
            v.Add("decision", t["credits.choose_decision"]);
        }

        if (input.Decision == "reject")
        {
            v.Require("note", note, t["validation.required"]);
        }

        v.MaxLength("note", note, 500, t["validation.max_length", 500]).ThrowIfInvalid();
        var current = await ReadAsync(id, ct);
        if (current.EmployeeId == me.EmployeeId)
        {
            throw new ForbiddenException("credits_own_record", t["credits.own_record"]);
        }

        var status = input.Decision == "approve" ? "approved" : "rejected";
        await using var tx = await work.BeginAsync(ct);
        var changed = await tx.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE learning.external_credit SET status = @status, note = @note, decided_by = @by, decided_at = @now WHERE id = @id AND status = 'submitted'",
            new { id, status, note, by = actor.Current.Name, now = clock.GetUtcNow() }, tx.Sql, cancellationToken: ct));
        if (changed == 0)
        {
            throw new RuleViolationException("credits_decided", t["credits.decided", t[LearningVocabularies.ExternalCreditStatus, current.Status]]);
        }

        await tx.AuditAsync("updated", "external_credit", id, new { current.Status }, new { status, note });
        if (status == "approved")
        {
            await standings.RefreshAsync([current.EmployeeId], ct);
        }

        await notifications.SendToEmployeeAsync(tx.Connection, tx.Sql, current.EmployeeId, "credits",
            () => (t["credits.decision_notice", current.Title, t[LearningVocabularies.ExternalCreditStatus, status]], note ?? ""), "/Learning/Credits",
            $"external-credit:{id}:{status}", ct);
        await tx.CommitAsync(ct);
        return await ReadAsync(id, ct);
    }

    /// <summary>A person's credits of a year: completed courses with credits and approved external credits, as recorded now.</summary>
    public async Task<CreditYearDto> YearAsync(Guid? employeeId, int year, CancellationToken ct)
    {
        var employee = employeeId ?? me.EmployeeId ?? throw new RuleViolationException("credits_no_employee", t["credits.no_employee"]);
        if (year is < 2000 or > 2100)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["year"] = [t["credits.year_range"]] });
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM org.employee_v WHERE id = @employee)", new { employee }, cancellationToken: ct)))
        {
            throw new NotFoundException("employee");
        }

        var entries = (await connection.QueryAsync<EntryRow>(new CommandDefinition(
            """
            SELECT 'course' AS Source, co.code || ' ' || co.title AS Title, co.credit_category AS Category, co.credits AS Credits, cc.completed_on AS EarnedOn
            FROM learning.course_completion cc JOIN learning.course co ON co.id = cc.course_id
            WHERE cc.employee_id = @employee AND co.credits IS NOT NULL AND cc.revoked_at IS NULL
              AND cc.completed_on >= make_date(@year, 1, 1) AND cc.completed_on < make_date(@year + 1, 1, 1)
            UNION ALL
            SELECT 'external', x.title, x.category, x.credits, x.earned_on
            FROM learning.external_credit x
            WHERE x.employee_id = @employee AND x.status = 'approved' AND x.earned_on >= make_date(@year, 1, 1) AND x.earned_on < make_date(@year + 1, 1, 1)
            ORDER BY 5, 2
            """, new { employee, year }, cancellationToken: ct))).Select(r => new CreditEntryDto(r.Source, r.Title, r.Category, r.Credits, r.EarnedOn)).ToList();
        var byCategory = CourseHandler.CreditCategories
            .Select(c => new CreditCategoryTotal(c, entries.Where(e => e.Category == c).Sum(e => e.Credits)))
            .ToList();
        return new CreditYearDto(employee, year, entries.Sum(e => e.Credits), byCategory, entries);
    }

    private async Task<ExternalCreditDto> ReadAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM {From} WHERE x.id = @id", new { id }, cancellationToken: ct));
        return row?.ToDto() ?? throw new NotFoundException("external credit");
    }

    private sealed record EntryRow(string Source, string Title, string Category, decimal Credits, DateOnly EarnedOn);

    /// <summary>Set by property: Dapper hands timestamptz over as DateTime, turned into an offset here.</summary>
    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string EmployeeName { get; init; } = "";

        public string Title { get; init; } = "";

        public string Provider { get; init; } = "";

        public string Category { get; init; } = "";

        public decimal Credits { get; init; }

        public DateOnly EarnedOn { get; init; }

        public Guid CertificateFileId { get; init; }

        public string Status { get; init; } = "";

        public string RecordedBy { get; init; } = "";

        public DateTime RecordedAt { get; init; }

        public string? DecidedBy { get; init; }

        public DateTime? DecidedAt { get; init; }

        public string? Note { get; init; }

        public ExternalCreditDto ToDto() => new(
            Id, EmployeeId, EmployeeNo, EmployeeName, Title, Provider, Category, Credits, EarnedOn, CertificateFileId, Status, RecordedBy,
            DbTime.Utc(RecordedAt), DecidedBy, DecidedAt is { } at ? DbTime.Utc(at) : null, Note);
    }
}
