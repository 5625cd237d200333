using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Modules.Effectiveness.Statistics;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>Evaluations in the caller's scope: run one (build its panel, compute, store it with its inputs), list, read, reproduce.</summary>
internal sealed class EvaluationHandler(
    NpgsqlDataSource dataSource, UnitOfWork work, PanelBuilder panels, EvaluationContextQueries contexts, DataScope scope, AuditActor actor, TimeProvider clock, Texts t,
    ILogger<EvaluationHandler> logger)
{
    public const int MaxPeriods = 104;

    public async Task<EvaluationDto> CreateAsync(EvaluationInput input, CancellationToken ct)
    {
        var (request, course) = await CheckAsync(input, ct);
        var watch = Stopwatch.StartNew();
        var built = await panels.BuildAsync(request, ct);
        var panel = built.Panel;
        var panelMs = watch.ElapsedMilliseconds;
        // The statistics run while the context is read, and the inputs (as large as the panel) are packed while they finish.
        var analysis = Task.Run(() => EvaluationRunner.Analyse(panel, request), ct);
        var context = await contexts.ReadAsync(built, request, ct);
        var read = watch.ElapsedMilliseconds;
        var packing = Task.Run(() => StoredInputs.Pack(new StoredInputs(request, panel, context)), ct);
        var result = EvaluationRunner.Run(panel, request, context, await analysis);
        var computed = watch.ElapsedMilliseconds;
        var inputs = await packing;
        watch.Stop();
        logger.LogInformation(
            "Evaluation of {Units} units × {Periods} periods: panel {Panel} ms, context {Context} ms (statistics running), statistics {Statistics} ms more, inputs {Inputs} ms more ({Bytes} bytes)",
            panel.Members.Count, panel.Periods.Count, panelMs, read - panelMs, computed - read, watch.ElapsedMilliseconds - computed, inputs.Length);
        var id = Guid.CreateVersion7();
        var title = string.IsNullOrWhiteSpace(input.Title) ? $"{course} · {request.From:yyyy-MM-dd} – {request.To:yyyy-MM-dd}" : input.Title.Trim();
        await using var tx = await work.BeginAsync(ct);
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO effectiveness.evaluation (id, title, course_id, revision, session_ids, need_id, org_unit_id, period_from, period_to, period_kind, outcome,
                unit_of_analysis, options, inputs, inputs_sha256, result, verdict, created_by, created_at, milliseconds)
            VALUES (@id, @title, @course, @revision, @sessions, @need, @unit, @from::date, @to::date, @kind, @outcome, @analysis, @options::jsonb, @inputs, @sha, @result::jsonb,
                @verdict, @by, @at, @ms)
            """,
            new
            {
                id, title, course = request.CourseId, revision = request.Revision, sessions = request.SessionIds.ToArray(), need = request.NeedId, unit = request.OrgUnitId,
                from = request.From.ToDateTime(TimeOnly.MinValue), to = request.To.ToDateTime(TimeOnly.MinValue), kind = request.PeriodKind, outcome = request.Outcome, analysis = result.UnitOfAnalysis,
                options = JsonSerializer.Serialize(Settings(request), StoredInputs.Json), inputs, sha = Sha(inputs), result = JsonSerializer.Serialize(result, StoredInputs.Json),
                verdict = result.Verdict, by = actor.Current.Name, at = clock.GetUtcNow(), ms = (int)watch.ElapsedMilliseconds,
            }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("created", "effectiveness.evaluation", id, null,
            new { title, course = request.CourseId, request.From, request.To, request.Outcome, result.Verdict, effect = result.Effect?.Estimate, sha = Sha(inputs) });
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<Page<EvaluationSummary>> ListAsync(Guid? courseId, string? q, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { course = courseId, q = $"%{q?.Trim()}%", offset = (page - 1) * pageSize, pageSize };
        const string where = """
            FROM effectiveness.evaluation e JOIN org.org_unit_v u ON u.id = e.org_unit_id LEFT JOIN learning.course_v c ON c.id = e.course_id
            WHERE (@course::uuid IS NULL OR e.course_id = @course) AND (e.title ILIKE @q OR coalesce(c.title, '') ILIKE @q OR u.name ILIKE @q)
            """;
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            $"""
            SELECT e.id, e.title, e.course_id, coalesce(c.title, '') AS course_title, u.name AS org_unit_name, e.period_from, e.period_to, e.outcome,
                   e.unit_of_analysis, e.verdict, (e.result -> 'effect' ->> 'estimate')::float8 AS effect, (e.result -> 'effect' ->> 'lower')::float8 AS lower,
                   (e.result -> 'effect' ->> 'upper')::float8 AS upper, (e.result ->> 'treated')::int AS treated, (e.result ->> 'controls')::int AS controls,
                   e.created_by, e.created_at
            {where} ORDER BY e.created_at DESC OFFSET @offset LIMIT @pageSize
            """, args, cancellationToken: ct));
        return new Page<EvaluationSummary>(rows.Select(r => new EvaluationSummary(
            r.Id, r.Title, r.CourseId, r.CourseTitle, r.OrgUnitName, r.PeriodFrom, r.PeriodTo, r.Outcome, r.UnitOfAnalysis, r.Verdict, r.Effect, r.Lower, r.Upper,
            r.Treated, r.Controls, r.CreatedBy, DbTime.Utc(r.CreatedAt))).ToList(), total, page, pageSize);
    }

    public async Task<EvaluationDto> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<DetailRow>(new CommandDefinition(
            """
            SELECT e.id, e.title, e.course_id, coalesce(c.title, '') AS course_title, e.revision, array_to_string(e.session_ids, ',') AS session_ids, e.need_id, e.org_unit_id, u.name AS org_unit_name,
                   e.period_from, e.period_to, e.period_kind, e.outcome, e.options::text AS options, e.inputs_sha256, e.created_by, e.created_at, e.milliseconds,
                   e.result::text AS result
            FROM effectiveness.evaluation e JOIN org.org_unit_v u ON u.id = e.org_unit_id LEFT JOIN learning.course_v c ON c.id = e.course_id WHERE e.id = @id
            """, new { id }, cancellationToken: ct)) ?? throw new NotFoundException(t["effect.unknown"]);
        return new EvaluationDto(
            row.Id, row.Title, row.CourseId, row.CourseTitle, row.Revision, row.SessionIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList(), row.NeedId, row.OrgUnitId, row.OrgUnitName, row.PeriodFrom, row.PeriodTo,
            row.PeriodKind, row.Outcome, JsonSerializer.Deserialize<EvaluationSettings>(row.Options, StoredInputs.Json)!, row.InputsSha256, row.CreatedBy,
            DbTime.Utc(row.CreatedAt), row.Milliseconds, JsonSerializer.Deserialize<EvaluationResultDto>(row.Result, StoredInputs.Json)!);
    }

    /// <summary>The stored inputs (visible evaluations only).</summary>
    public async Task<StoredInputs> InputsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var inputs = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT inputs FROM effectiveness.evaluation WHERE id = @id", new { id }, cancellationToken: ct)) ?? throw new NotFoundException(t["effect.unknown"]);
        return StoredInputs.Unpack(inputs);
    }

    /// <summary>Recomputes a stored evaluation from its stored inputs and says whether the result is the stored one, figure for figure.</summary>
    public async Task<ReproductionDto> ReproduceAsync(Guid id, CancellationToken ct)
    {
        var stored = await GetAsync(id, ct);
        var inputs = await InputsAsync(id, ct);
        var again = EvaluationRunner.Run(inputs.Panel, inputs.Request, inputs.Context);
        var identical = JsonSerializer.Serialize(again, StoredInputs.Json) == JsonSerializer.Serialize(stored.Result, StoredInputs.Json);
        return new ReproductionDto(identical, stored.InputsSha256, stored.Result.Effect, again.Effect);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        var stored = await GetAsync(id, ct);
        await using var tx = await work.BeginAsync(ct);
        await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM effectiveness.evaluation WHERE id = @id", new { id }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("deleted", "effectiveness.evaluation", id, new { stored.Title, stored.CourseId, stored.From, stored.To, stored.Result.Verdict }, null);
        await tx.CommitAsync(ct);
    }

    /// <summary>The checked request, and the title of its course.</summary>
    private async Task<(EvaluationRequest Request, string CourseTitle)> CheckAsync(EvaluationInput input, CancellationToken ct)
    {
        var v = new Validation();
        var settings = input.Settings ?? new EvaluationSettings();
        if (!EffectivenessVocabularies.PeriodKind.Contains(input.PeriodKind))
        {
            v.Add("periodKind", t["effect.bad_period_kind"]);
        }

        if (!EffectivenessVocabularies.Outcome.Contains(input.Outcome))
        {
            v.Add("outcome", t["effect.bad_outcome"]);
        }

        if (input.To <= input.From)
        {
            v.Add("to", t["effect.bad_range"]);
        }
        else if (Platform.Statistics.Periods.Between(input.PeriodKind == "month" ? "month" : "week", input.From, input.To).Count > MaxPeriods)
        {
            v.Add("to", t["effect.too_many_periods", MaxPeriods]);
        }

        Range(v, "settings.preWindow", settings.PreWindow, 1, 26);
        Range(v, "settings.postWindow", settings.PostWindow, 1, 52);
        Range(v, "settings.baseWindow", settings.BaseWindow, 1, 12);
        Range(v, "settings.neighbours", settings.Neighbours, 1, 20);
        Range(v, "settings.minimumTreated", settings.MinimumTreated, 2, 100_000);
        Range(v, "settings.minimumControls", settings.MinimumControls, 2, 100_000);
        Range(v, "settings.permutations", settings.Permutations, 0, 999);
        Range(v, "settings.horizonMonths", settings.HorizonMonths, 1, 60);
        if (settings.Caliper is { } caliper && (!double.IsFinite(caliper) || caliper <= 0 || caliper > 10))
        {
            v.Add("settings.caliper", t["effect.bad_number", 0, 10]);
        }

        if (settings.WorthDetecting is { } worth && (!double.IsFinite(worth) || worth <= 0 || worth > 1))
        {
            v.Add("settings.worthDetecting", t["effect.bad_number", 0, 1]);
        }

        if (settings.Trend is not null and not ("proportional" or "additive"))
        {
            v.Add("settings.trend", t["effect.bad_trend"]);
        }

        if (settings.Within is not null && !EffectivenessVocabularies.Within.Contains(settings.Within))
        {
            v.Add("settings.within", t["effect.bad_within"]);
        }

        if (input.Title is { Length: > 200 })
        {
            v.Add("title", t["validation.max_length", 200]);
        }

        if (input.SessionIds is { Count: > 500 })
        {
            v.Add("sessionIds", t["validation.max_length", 500]);
        }

        v.ThrowIfInvalid();
        var course = await CourseTitleAsync(input.CourseId, ct)
            ?? throw new ValidationFailedException(new Dictionary<string, string[]> { ["courseId"] = [t["effect.unknown_course"]] });

        var filter = await scope.GetAsync(ct);
        var unit = input.OrgUnitId ?? await RootAsync(filter, ct);
        if (unit is not { } orgUnit || !filter.Covers(orgUnit))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["orgUnitId"] = [t["effect.unit_out_of_scope"]] });
        }

        var defaults = new AnalysisOptions();
        var options = defaults with
        {
            PreWindow = settings.PreWindow ?? defaults.PreWindow,
            PostWindow = settings.PostWindow ?? defaults.PostWindow,
            BaseWindow = settings.BaseWindow ?? defaults.BaseWindow,
            Neighbours = settings.Neighbours ?? defaults.Neighbours,
            Caliper = settings.Caliper ?? defaults.Caliper,
            MinimumTreated = settings.MinimumTreated ?? defaults.MinimumTreated,
            MinimumControls = settings.MinimumControls ?? defaults.MinimumControls,
            WorthDetecting = settings.WorthDetecting ?? defaults.WorthDetecting,
            Permutations = settings.Permutations ?? defaults.Permutations,
            Trend = settings.Trend == "additive" ? TrendModel.Additive : TrendModel.Proportional,
        };
        var from = Platform.Statistics.Periods.Start(input.PeriodKind, input.From);
        var to = Platform.Statistics.Periods.Next(input.PeriodKind, Platform.Statistics.Periods.Start(input.PeriodKind, input.To)).AddDays(-1);
        return (new EvaluationRequest(input.CourseId, input.Revision, input.SessionIds ?? [], input.NeedId, orgUnit, from, to, input.PeriodKind, input.Outcome,
            options, settings.HorizonMonths ?? 12, settings.Within ?? "operation"), course);
    }

    private void Range(Validation v, string field, int? value, int min, int max)
    {
        if (value is { } x && (x < min || x > max))
        {
            v.Add(field, t["effect.bad_number", min, max]);
        }
    }

    private async Task<Guid?> RootAsync(ScopeFilter filter, CancellationToken ct)
    {
        if (!filter.All)
        {
            return null;
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM org.org_unit_v WHERE parent_id IS NULL ORDER BY sort, code LIMIT 1", cancellationToken: ct));
    }

    private async Task<string?> CourseTitleAsync(Guid course, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT title FROM learning.course_v WHERE id = @course", new { course }, cancellationToken: ct));
    }

    private static EvaluationSettings Settings(EvaluationRequest r) => new(
        r.Options.PreWindow, r.Options.PostWindow, r.Options.BaseWindow, r.Options.Neighbours, r.Options.Caliper, r.Options.MinimumTreated, r.Options.MinimumControls,
        r.Options.WorthDetecting, r.Options.Permutations, r.Options.Trend == TrendModel.Additive ? "additive" : "proportional", r.HorizonMonths, r.Within);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private sealed record SummaryRow(
        Guid Id, string Title, Guid CourseId, string CourseTitle, string OrgUnitName, DateOnly PeriodFrom, DateOnly PeriodTo, string Outcome, string UnitOfAnalysis,
        string Verdict, double? Effect, double? Lower, double? Upper, int Treated, int Controls, string CreatedBy, DateTime CreatedAt);

    private sealed record DetailRow(
        Guid Id, string Title, Guid CourseId, string CourseTitle, int? Revision, string SessionIds, Guid? NeedId, Guid OrgUnitId, string OrgUnitName,
        DateOnly PeriodFrom, DateOnly PeriodTo, string PeriodKind, string Outcome, string Options, string InputsSha256, string CreatedBy, DateTime CreatedAt,
        int Milliseconds, string Result);
}
