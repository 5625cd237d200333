using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>
/// HR's side of a training-preference survey: write it (a draft can still change or go), send it — the people of its units and
/// posts within the sender's scope are invited and notified on their phones — and close it. Audited per change.
/// </summary>
internal sealed class SurveyHandler(NpgsqlDataSource dataSource, UnitOfWork work, NotificationService notifications, AuditActor actor, TimeProvider clock, Texts t)
{
    public const int MaxQuestions = 30;
    public const int MaxOptions = 12;
    public const int ScaleMax = 5;

    private const string Columns =
        """
        s.id, s.title, s.intro, s.anonymous, s.status, s.org_unit_ids AS OrgUnitIds, s.position_ids AS PositionIds, s.closes_on AS ClosesOn,
        s.created_by AS CreatedBy, s.created_at AS CreatedAt, s.opened_at AS OpenedAt, s.closed_at AS ClosedAt, s.version,
        (SELECT count(*)::int FROM needs.survey_invite i WHERE i.survey_id = s.id) AS Invited,
        (SELECT count(*)::int FROM needs.survey_invite i WHERE i.survey_id = s.id AND i.answered_on IS NOT NULL) AS Answered
        """;

    public async Task<Page<SurveySummary>> ListAsync(string? q, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 100);
        var args = new { q = string.IsNullOrWhiteSpace(q) ? null : "%" + q.Trim() + "%", offset = (page - 1) * pageSize, pageSize };
        const string Where = "WHERE (@q::text IS NULL OR s.title ILIKE @q)";
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*)::int FROM needs.survey s {Where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM needs.survey s {Where} ORDER BY s.created_at DESC, s.id OFFSET @offset LIMIT @pageSize", args, cancellationToken: ct));
        return new Page<SurveySummary>([.. rows.Select(r => new SurveySummary(r.Id, r.Title, r.Status, r.Anonymous, r.ClosesOn, r.Invited, r.Answered, Utc(r.CreatedAt)))], total, page, pageSize);
    }

    public async Task<SurveyDto> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await ReadAsync(connection, null, id, ct) ?? throw new NotFoundException(t["needs.survey_unknown"]);
    }

    public async Task<SurveyDto> CreateAsync(SurveyInput input, CancellationToken ct)
    {
        var clean = await ValidateAsync(input, ct);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await using var tx = await work.BeginAsync(ct);
        await tx.Connection.ExecuteAsync(
            """
            INSERT INTO needs.survey (id, title, intro, anonymous, org_unit_ids, position_ids, closes_on, created_by, created_at)
            VALUES (@id, @Title, @Intro, @Anonymous, @OrgUnitIds, @PositionIds, @closesOn::date, @by, @now)
            """, new { id, clean.Title, clean.Intro, clean.Anonymous, clean.OrgUnitIds, clean.PositionIds, closesOn = Day(clean.ClosesOn), by = actor.Current.Name, now = clock.GetUtcNow() }, tx.Sql);
        await InsertQuestionsAsync(tx, id, clean.Questions);
        var after = await ReadAsync(tx.Connection, tx.Sql, id, ct);
        await tx.AuditAsync("created", "survey", id, null, after);
        await tx.CommitAsync(ct);
        return after!;
    }

    public async Task<SurveyDto> UpdateAsync(Guid id, SurveyInput input, CancellationToken ct)
    {
        var clean = await ValidateAsync(input, ct);
        await using var tx = await work.BeginAsync(ct);
        var before = await LockAsync(tx, id, input.Version, ct);
        if (before.Status != "draft")
        {
            throw new RuleViolationException("survey_sent", t["needs.survey_sent"]);
        }

        await tx.Connection.ExecuteAsync(
            """
            UPDATE needs.survey SET title = @Title, intro = @Intro, anonymous = @Anonymous, org_unit_ids = @OrgUnitIds, position_ids = @PositionIds,
                   closes_on = @closesOn::date, version = version + 1
            WHERE id = @id
            """, new { id, clean.Title, clean.Intro, clean.Anonymous, clean.OrgUnitIds, clean.PositionIds, closesOn = Day(clean.ClosesOn) }, tx.Sql);
        await tx.Connection.ExecuteAsync("DELETE FROM needs.survey_question WHERE survey_id = @id", new { id }, tx.Sql);
        await InsertQuestionsAsync(tx, id, clean.Questions);
        var after = await ReadAsync(tx.Connection, tx.Sql, id, ct);
        await tx.AuditAsync("updated", "survey", id, before, after);
        await tx.CommitAsync(ct);
        return after!;
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var before = await LockAsync(tx, id, null, ct);
        if (before.Status != "draft")
        {
            throw new RuleViolationException("survey_sent", t["needs.survey_sent"]);
        }

        await tx.Connection.ExecuteAsync("DELETE FROM needs.survey WHERE id = @id", new { id }, tx.Sql);
        await tx.AuditAsync("deleted", "survey", id, before, null);
        await tx.CommitAsync(ct);
    }

    /// <summary>Sends a draft: everyone active in its units and posts whom the sender may see is invited and notified, in their language.</summary>
    public async Task<SurveyDto> OpenAsync(Guid id, int version, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await work.BeginAsync(ct);
        var before = await LockAsync(tx, id, version, ct);
        if (before.Status != "draft")
        {
            throw new RuleViolationException("survey_sent", t["needs.survey_sent"]);
        }

        if (before.ClosesOn is { } closes && closes < DateOnly.FromDateTime(clock.GetLocalNow().DateTime))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["closesOn"] = [t["needs.survey_closes_past"]] });
        }

        var invited = (await tx.Connection.QueryAsync<Guid>(
            """
            INSERT INTO needs.survey_invite (survey_id, employee_id, invited_at)
            SELECT @id, e.id, @now FROM org.employee_v e
            WHERE e.status = 'active'
              AND (cardinality(@units::uuid[]) = 0 OR e.org_unit_id IN (SELECT org.units_in_scope(@units::uuid[])))
              AND (cardinality(@positions::uuid[]) = 0 OR e.position_id = ANY (@positions::uuid[]))
            RETURNING employee_id
            """, new { id, now, units = before.OrgUnitIds.ToArray(), positions = before.PositionIds.ToArray() }, tx.Sql)).ToList();
        if (invited.Count == 0)
        {
            throw new RuleViolationException("survey_nobody", t["needs.survey_nobody"]);
        }

        await tx.Connection.ExecuteAsync("UPDATE needs.survey SET status = 'open', opened_at = @now, version = version + 1 WHERE id = @id", new { id, now }, tx.Sql);
        var after = await ReadAsync(tx.Connection, tx.Sql, id, ct);
        await tx.AuditAsync("opened", "survey", id, before, new { after!.Status, invited = invited.Count });
        var users = (await tx.Connection.QueryAsync<Guid>(
            "SELECT id FROM auth.app_user WHERE employee_id = ANY (@invited) AND active", new { invited = invited.ToArray() }, tx.Sql)).ToList();
        await notifications.SendAsync(tx.Connection, tx.Sql, users, u => u, u => new NotificationService.Outgoing(
            u, "survey", t["needs.survey_invited", before.Title], before.ClosesOn is { } by ? t["needs.survey_invited_by", by.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)].Value : "",
            $"/Needs/Surveys/Answer?id={id}", $"survey:{id}"), ct);
        await tx.CommitAsync(ct);
        return after;
    }

    public async Task<SurveyDto> CloseAsync(Guid id, int version, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var before = await LockAsync(tx, id, version, ct);
        if (before.Status != "open")
        {
            throw new RuleViolationException("survey_not_open", t["needs.survey_not_open"]);
        }

        await tx.Connection.ExecuteAsync("UPDATE needs.survey SET status = 'closed', closed_at = @now, version = version + 1 WHERE id = @id", new { id, now = clock.GetUtcNow() }, tx.Sql);
        var after = await ReadAsync(tx.Connection, tx.Sql, id, ct);
        await tx.AuditAsync("closed", "survey", id, new { before.Status }, new { after!.Status });
        await tx.CommitAsync(ct);
        return after;
    }

    private async Task<SurveyInput> ValidateAsync(SurveyInput input, CancellationToken ct)
    {
        var title = input.Title?.Trim() ?? "";
        var v = new Validation().Require("title", title, t["validation.required"]).MaxLength("title", title, 200, t["validation.max_length", 200])
            .MaxLength("intro", input.Intro, 2000, t["validation.max_length", 2000]);
        var questions = input.Questions ?? [];
        if (questions.Count == 0 || questions.Count > MaxQuestions)
        {
            v.Add("questions", t["needs.survey_questions", MaxQuestions]);
        }

        var clean = new List<SurveyQuestionInput>();
        for (var i = 0; i < Math.Min(questions.Count, MaxQuestions); i++)
        {
            var q = questions[i];
            var field = $"questions[{i}]";
            var text = q.Text?.Trim() ?? "";
            v.Require(field + ".text", text, t["validation.required"]).MaxLength(field + ".text", text, 500, t["validation.max_length", 500]);
            if (q.Kind is not ("choice" or "multi" or "scale" or "text"))
            {
                v.Add(field + ".kind", t["needs.survey_kind_unknown"]);
            }

            var options = (q.Options ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (q.Kind is "choice" or "multi" && (options.Count < 2 || options.Count > MaxOptions))
            {
                v.Add(field + ".options", t["needs.survey_options", MaxOptions]);
            }

            if (options.Any(o => o.Length > 200))
            {
                v.Add(field + ".options", t["validation.max_length", 200]);
            }

            clean.Add(q with { Text = text, Options = q.Kind is "choice" or "multi" ? options : [] });
        }

        if (input.ClosesOn is { } closes && closes < DateOnly.FromDateTime(clock.GetLocalNow().DateTime))
        {
            v.Add("closesOn", t["needs.survey_closes_past"]);
        }

        var units = (input.OrgUnitIds ?? []).Distinct().ToArray();
        var positions = (input.PositionIds ?? []).Distinct().ToArray();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        if (units.Length > 0 && await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM org.org_unit_v WHERE id = ANY (@units)", new { units }) != units.Length)
        {
            v.Add("orgUnitIds", t["org.unit.unknown"]);
        }

        if (positions.Length > 0 && await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM org.position_v WHERE id = ANY (@positions)", new { positions }) != positions.Length)
        {
            v.Add("positionIds", t["org.position.unknown"]);
        }

        v.ThrowIfInvalid();
        return input with { Title = title, Intro = input.Intro?.Trim() ?? "", OrgUnitIds = units, PositionIds = positions, Questions = clean };
    }

    private static async Task InsertQuestionsAsync(UnitOfWorkTransaction tx, Guid surveyId, IReadOnlyList<SurveyQuestionInput> questions)
    {
        var ord = 0;
        foreach (var q in questions)
        {
            await tx.Connection.ExecuteAsync(
                "INSERT INTO needs.survey_question (id, survey_id, ord, kind, text, options, required) VALUES (@id, @surveyId, @ord, @Kind, @Text, @options, @Required)",
                new { id = Guid.CreateVersion7(), surveyId, ord = ++ord, q.Kind, q.Text, options = (q.Options ?? []).ToArray(), q.Required }, tx.Sql);
        }
    }

    private async Task<SurveyDto> LockAsync(UnitOfWorkTransaction tx, Guid id, int? version, CancellationToken ct)
    {
        await tx.Connection.ExecuteAsync("SELECT 1 FROM needs.survey WHERE id = @id FOR UPDATE", new { id }, tx.Sql);
        var survey = await ReadAsync(tx.Connection, tx.Sql, id, ct) ?? throw new NotFoundException(t["needs.survey_unknown"]);
        if (version is { } expected && expected != survey.Version)
        {
            throw new RuleViolationException("concurrent_change", t["error.concurrent_change"]);
        }

        return survey;
    }

    internal static async Task<SurveyDto?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid id, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM needs.survey s WHERE s.id = @id", new { id }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var questions = (await connection.QueryAsync<QuestionRow>(new CommandDefinition(
            "SELECT id, ord, kind, text, options, required FROM needs.survey_question WHERE survey_id = @id ORDER BY ord", new { id }, tx, cancellationToken: ct)))
            .Select(q => new SurveyQuestionDto(q.Id, q.Ord, q.Kind, q.Text, q.Options, q.Required)).ToList();
        return new SurveyDto(
            row.Id, row.Title, row.Intro, row.Anonymous, row.Status, row.OrgUnitIds, row.PositionIds, row.ClosesOn, questions, row.Invited, row.Answered,
            row.CreatedBy, Utc(row.CreatedAt), row.OpenedAt is { } o ? Utc(o) : null, row.ClosedAt is { } c ? Utc(c) : null, row.Version);
    }

    private static DateTime? Day(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Title { get; init; } = "";
        public string Intro { get; init; } = "";
        public bool Anonymous { get; init; }
        public string Status { get; init; } = "";
        public Guid[] OrgUnitIds { get; init; } = [];
        public Guid[] PositionIds { get; init; } = [];
        public DateOnly? ClosesOn { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? OpenedAt { get; init; }
        public DateTime? ClosedAt { get; init; }
        public int Version { get; init; }
        public int Invited { get; init; }
        public int Answered { get; init; }
    }

    private sealed class QuestionRow
    {
        public Guid Id { get; init; }
        public int Ord { get; init; }
        public string Kind { get; init; } = "";
        public string Text { get; init; } = "";
        public string[] Options { get; init; } = [];
        public bool Required { get; init; }
    }
}
