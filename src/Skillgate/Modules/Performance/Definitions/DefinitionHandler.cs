using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Metrics;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Performance.Definitions;

/// <summary>
/// KPI definitions and their versions. A version is never edited: a change is a new version in force from the first day of a
/// later month, and it may not reach back into a closed period, so every closed period keeps the versions it was scored with.
/// </summary>
internal sealed partial class DefinitionHandler(NpgsqlDataSource dataSource, UnitOfWork work, AuditActor actor, TimeProvider clock, Texts t)
{
    public const decimal MaxTarget = 1_000_000m;

    public async Task<Page<KpiDefinitionSummary>> ListAsync(string? q, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { q = $"%{q?.Trim()}%", today = Today(), offset = (page - 1) * pageSize, pageSize };
        const string current =
            """
            WITH cur AS (
                SELECT DISTINCT ON (v.definition_id) v.*, d.code, (SELECT count(*)::int FROM kpi.definition_version x WHERE x.definition_id = v.definition_id) AS versions
                FROM kpi.definition_version v JOIN kpi.definition d ON d.id = v.definition_id
                ORDER BY v.definition_id, v.effective_from <= @today DESC, CASE WHEN v.effective_from <= @today THEN v.effective_from END DESC, v.effective_from)
            """;
        const string where = "WHERE cur.code ILIKE @q OR cur.name_zh ILIKE @q OR cur.name_en ILIKE @q";
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"{current} SELECT count(*) FROM cur {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            $"""
            {current}
            SELECT cur.definition_id AS id, cur.code, cur.name_zh, cur.name_en, cur.metric, cur.level, cur.period, cur.direction, cur.unit, cur.target, cur.versions, cur.effective_from
            FROM cur {where} ORDER BY cur.code OFFSET @offset LIMIT @pageSize
            """, args, cancellationToken: ct));
        return new Page<KpiDefinitionSummary>(rows.Select(r => new KpiDefinitionSummary(
            r.Id, r.Code, NameIn(r.NameZh, r.NameEn), r.Metric, r.Level, r.Period, r.Direction, r.Unit, r.Target, r.Versions, r.EffectiveFrom)).ToList(), total, page, pageSize);
    }

    public async Task<KpiDefinitionDto> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var code = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT code FROM kpi.definition WHERE id = @id", new { id }, cancellationToken: ct))
            ?? throw new NotFoundException(t["kpi.unknown"]);
        var versions = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            "SELECT * FROM kpi.definition_version WHERE definition_id = @id ORDER BY version DESC", new { id }, cancellationToken: ct))).Select(v => v.ToDto()).ToList();
        var today = DateOnly.FromDateTime(Today());
        var current = versions.Where(v => v.EffectiveFrom <= today).MaxBy(v => v.EffectiveFrom) ?? versions.MinBy(v => v.EffectiveFrom)!;
        return new KpiDefinitionDto(id, code, NameIn(current.NameZh, current.NameEn), current, versions);
    }

    public async Task<KpiDefinitionDto> CreateAsync(KpiDefinitionInput input, CancellationToken ct)
    {
        var code = input.Code?.Trim() ?? "";
        var v = new Validation().Require("code", code, t["kpi.code_required"]).MaxLength("code", code, 40, t["validation.max_length", 40]);
        if (code.Length > 0 && !CodePattern().IsMatch(code))
        {
            v.Add("code", t["kpi.code_format"]);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var version = await CheckAsync(connection, input.Version, v, ct);
        v.ThrowIfInvalid();
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await work.BeginAsync(ct);
        var inserted = await tx.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO kpi.definition (id, code, created_at, created_by) VALUES (@id, @code, @now, @by) ON CONFLICT DO NOTHING",
            new { id, code, now, by = actor.Current.Name }, tx.Sql, cancellationToken: ct));
        if (inserted == 0)
        {
            throw new RuleViolationException("kpi_code_taken", t["kpi.code_taken", code]);
        }

        await tx.AuditAsync("created", "kpi_definition", id, null, new { code });
        await InsertVersionAsync(tx, id, 1, version, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<KpiDefinitionDto> AddVersionAsync(Guid id, KpiVersionInput? input, CancellationToken ct)
    {
        var existing = await GetAsync(id, ct);
        var v = new Validation();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var version = await CheckAsync(connection, input, v, ct);
        v.ThrowIfInvalid();
        if (existing.Versions.Any(x => x.EffectiveFrom == version.EffectiveFrom))
        {
            throw new RuleViolationException("kpi_version_exists", t["kpi.version_exists", Day(version.EffectiveFrom)]);
        }

        await using var tx = await work.BeginAsync(ct);
        // Serialises with a period's close, which takes the same lock: a version cannot slip in behind a close being signed.
        await tx.Connection.ExecuteAsync(new CommandDefinition("LOCK TABLE kpi.period IN SHARE MODE", transaction: tx.Sql, cancellationToken: ct));
        var lastClosed = await tx.Connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT max(ends_on)::timestamp FROM kpi.period WHERE status = 'closed'", transaction: tx.Sql, cancellationToken: ct));
        if (lastClosed is { } closed && version.EffectiveFrom <= DateOnly.FromDateTime(closed))
        {
            throw new RuleViolationException("kpi_version_backdated", t["kpi.version_backdated", Day(DateOnly.FromDateTime(closed))]);
        }

        var number = await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT coalesce(max(version), 0) + 1 FROM kpi.definition_version WHERE definition_id = @id", new { id }, tx.Sql, cancellationToken: ct));
        await InsertVersionAsync(tx, id, number, version, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    public IReadOnlyList<KpiMetricDto> Metrics() =>
        KpiMetrics.All.Select(m => new KpiMetricDto(m.Code, t[PerformanceVocabularies.Metric, m.Code], t[m.NumeratorKey], t[m.DenominatorKey], m.Direction, m.Unit)).ToList();

    public static string NameIn(string zh, string en) => Texts.IsChinese ? zh : en;

    private async Task<Checked> CheckAsync(NpgsqlConnection connection, KpiVersionInput? input, Validation v, CancellationToken ct)
    {
        input ??= new KpiVersionInput(null, null, null, null, null, null, null, null, null, null, null);
        var nameZh = input.NameZh?.Trim() ?? "";
        var nameEn = input.NameEn?.Trim() ?? "";
        var note = input.Note?.Trim() ?? "";
        var function = string.IsNullOrWhiteSpace(input.FunctionCode) ? null : input.FunctionCode.Trim();
        v.Require("nameZh", nameZh, t["kpi.name_required"]).MaxLength("nameZh", nameZh, 200, t["validation.max_length", 200]);
        v.Require("nameEn", nameEn, t["kpi.name_required"]).MaxLength("nameEn", nameEn, 200, t["validation.max_length", 200]);
        v.MaxLength("note", note, 2000, t["validation.max_length", 2000]);
        var metric = KpiMetrics.Find(input.Metric);
        if (metric is null)
        {
            v.Add("metric", t["kpi.metric_unknown"]);
        }

        Choose(v, "direction", input.Direction, PerformanceVocabularies.Direction);
        Choose(v, "unit", input.Unit, PerformanceVocabularies.Unit);
        Choose(v, "period", input.Period, PerformanceVocabularies.Period);
        Choose(v, "level", input.Level, PerformanceVocabularies.Level);
        if (function is not null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM org.function_tag_v WHERE code = @function)", new { function }, cancellationToken: ct)))
        {
            v.Add("functionCode", t["kpi.function_unknown"]);
        }

        if (function is not null && input.Level != "org_unit")
        {
            v.Add("functionCode", t["kpi.function_only_units"]);
        }

        if (input.Target is not { } target || target < 0 || target > MaxTarget)
        {
            v.Add("target", t["kpi.target_range", MaxTarget.ToString(CultureInfo.InvariantCulture)]);
        }
        else if (input.Unit == "percent" && target > 100)
        {
            v.Add("target", t["kpi.target_percent"]);
        }

        if (input.EffectiveFrom is not { } from || from.Day != 1)
        {
            v.Add("effectiveFrom", t["kpi.effective_from_month"]);
        }

        return new Checked(nameZh, nameEn, input.Metric ?? "", input.Direction ?? "", input.Unit ?? "", input.Period ?? "", input.Level ?? "", function,
            input.Target ?? 0, input.EffectiveFrom ?? default, note);
    }

    private void Choose(Validation v, string field, string? value, TextVocabulary vocabulary)
    {
        if (!vocabulary.Contains(value))
        {
            v.Add(field, t["kpi.choose_one", string.Join(", ", vocabulary.Codes.Select(c => t[vocabulary, c].Value))]);
        }
    }

    private async Task InsertVersionAsync(UnitOfWorkTransaction tx, Guid definitionId, int number, Checked c, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO kpi.definition_version (id, definition_id, version, effective_from, name_zh, name_en, metric, direction, unit, period, level, function_code, target, note, created_at, created_by)
            VALUES (@id, @definitionId, @number, @from, @NameZh, @NameEn, @Metric, @Direction, @Unit, @Period, @Level, @FunctionCode, @Target, @Note, @now, @by)
            """,
            new
            {
                id, definitionId, number, from = c.EffectiveFrom.ToDateTime(TimeOnly.MinValue), c.NameZh, c.NameEn, c.Metric, c.Direction, c.Unit, c.Period, c.Level, c.FunctionCode,
                c.Target, c.Note, now = clock.GetUtcNow().UtcDateTime, by = actor.Current.Name,
            }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("created", "kpi_definition_version", id, null, new { definitionId, version = number, c.EffectiveFrom, c.Metric, c.Level, c.Period, c.Target, c.Direction, c.Unit });
    }

    private DateTime Today() => clock.GetUtcNow().UtcDateTime.Date;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex CodePattern();

    private sealed record Checked(string NameZh, string NameEn, string Metric, string Direction, string Unit, string Period, string Level, string? FunctionCode, decimal Target, DateOnly EffectiveFrom, string Note);

    private sealed record SummaryRow(Guid Id, string Code, string NameZh, string NameEn, string Metric, string Level, string Period, string Direction, string Unit, decimal Target, int Versions, DateOnly EffectiveFrom);

    internal sealed record VersionRow(
        Guid Id, Guid DefinitionId, int Version, DateOnly EffectiveFrom, string NameZh, string NameEn, string Metric, string Direction, string Unit, string Period, string Level,
        string? FunctionCode, decimal Target, string Note, DateTime CreatedAt, string CreatedBy)
    {
        public KpiVersionDto ToDto() => new(Id, Version, EffectiveFrom, NameZh, NameEn, Metric, Direction, Unit, Period, Level, FunctionCode, Target, Note, Utc(CreatedAt), CreatedBy);
    }
}
