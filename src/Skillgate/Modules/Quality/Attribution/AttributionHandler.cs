using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Quality.Ingestion;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Quality.Attribution;

/// <summary>
/// Attribution (可控/不可控): each defect's cause as QA decided it, with evidence, or as the cause policy says. A decision is
/// appended, never edited, and audited; an uncontrollable defect leaves its operator's and line's KPIs for the responsible
/// function's, and a controllable one with a known operator raises a training need for them.
/// </summary>
internal sealed class AttributionHandler(NpgsqlDataSource dataSource, UnitOfWork work, DataScope scope, AuditActor actor, INeedIntake needs, TimeProvider clock, Texts t)
{
    public static readonly IReadOnlyList<string> Filters = ["controllable", "uncontrollable", "decided", "undecided"];

    public async Task<Page<DefectAttributionDto>> ListAsync(string? q, string? filter, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        filter = Filters.Contains(filter) ? filter : null;
        var scopeFilter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new
        {
            q = q?.Trim() ?? "", filter, all = scopeFilter.All, units = scopeFilter.Ids, now = clock.GetUtcNow().UtcDateTime, offset = (page - 1) * pageSize, pageSize, id = (Guid?)null,
        };
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) {From} {Where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Columns} {From} {Where} ORDER BY d.found_on DESC, d.id DESC OFFSET @offset LIMIT @pageSize", args, cancellationToken: ct));
        return new Page<DefectAttributionDto>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    public async Task<DefectAttributionDetail> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var defect = await DefectAsync(connection, id, ct);
        var history = await connection.QueryAsync<HistoryRow>(new CommandDefinition(
            """
            SELECT id, cause, controllable, responsible_function, evidence_kind, evidence_ref, note, decided_by, decided_at
            FROM quality.defect_cause WHERE defect_id = @id ORDER BY decided_at DESC, id DESC
            """, new { id }, cancellationToken: ct));
        return new DefectAttributionDetail(defect, history.Select(h => h.ToDto()).ToList());
    }

    /// <summary>A defect in the caller's scope with the attribution in force now, without its history.</summary>
    private async Task<DefectAttributionDto> DefectAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        var scopeFilter = await scope.GetAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Columns} {From} {Where}",
            new { q = "", filter = (string?)null, all = scopeFilter.All, units = scopeFilter.Ids, now = clock.GetUtcNow().UtcDateTime, id }, cancellationToken: ct))
            ?? throw new NotFoundException(t["attribution.unknown"]);
        return row.ToDto();
    }

    public async Task<DefectAttributionDetail> DecideAsync(Guid id, AttributeInput input, CancellationToken ct)
    {
        await RecordAsync(id, input, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Checks and appends a decision in the unit's transaction (joining one already begun, as a dispute's decision does).</summary>
    public async Task RecordAsync(Guid id, AttributeInput input, CancellationToken ct)
    {
        DefectAttributionDto current;
        await using (var reader = await dataSource.OpenScopedAsync(ct))
        {
            current = await DefectAsync(reader, id, ct);
        }

        var v = new Validation();
        var cause = input.Cause?.Trim();
        if (!QualityVocabularies.Cause.Contains(cause))
        {
            v.Add("cause", t["quality.one_of", string.Join(", ", IngestHandler.Causes)]);
        }

        var note = input.Note?.Trim() ?? "";
        v.Require("note", note, t["attribution.note_required"]).MaxLength("note", note, 2000, t["validation.max_length", 2000]);
        var kind = string.IsNullOrWhiteSpace(input.EvidenceKind) ? null : input.EvidenceKind.Trim();
        var reference = string.IsNullOrWhiteSpace(input.EvidenceRef) ? null : input.EvidenceRef.Trim();
        if (kind is not null && !QualityVocabularies.EvidenceKind.Contains(kind))
        {
            v.Add("evidenceKind", t["quality.one_of", string.Join(", ", QualityVocabularies.EvidenceKind.Codes)]);
        }

        if ((kind is null) != (reference is null))
        {
            v.Add(kind is null ? "evidenceKind" : "evidenceRef", t["attribution.evidence_pair"]);
        }

        v.MaxLength("evidenceRef", reference, 200, t["validation.max_length", 200]);
        v.ThrowIfInvalid();

        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var policy = await connection.QuerySingleAsync<(bool Controllable, string? Function)>(new CommandDefinition(
            "SELECT controllable, responsible_function FROM quality.cause_policy WHERE cause = @cause ORDER BY changed_at DESC, id DESC LIMIT 1", new { cause }, tx.Sql, cancellationToken: ct));
        var controllable = input.Controllable ?? policy.Controllable;
        var function = controllable ? null : (string.IsNullOrWhiteSpace(input.ResponsibleFunction) ? policy.Function : input.ResponsibleFunction.Trim());
        if (!controllable && (function is null || !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM org.function_tag_v WHERE code = @function)", new { function }, tx.Sql, cancellationToken: ct))))
        {
            v.Add("responsibleFunction", t["attribution.function_required"]);
        }

        if (!controllable && kind is null)
        {
            v.Add("evidenceKind", t["attribution.evidence_required"]);
        }

        Guid? lot = null;
        if (kind == "material_lot")
        {
            lot = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM quality.material_lot WHERE lower(code) = lower(@reference)", new { reference }, tx.Sql, cancellationToken: ct));
            if (lot is null)
            {
                v.Add("evidenceRef", t["attribution.lot_unknown", reference!]);
            }
        }
        else if (kind == "downtime" && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                     "SELECT EXISTS (SELECT 1 FROM quality.downtime WHERE lower(code) = lower(@reference))", new { reference }, tx.Sql, cancellationToken: ct)))
        {
            v.Add("evidenceRef", t["attribution.downtime_unknown", reference!]);
        }
        else if (kind == "supervision_check" && !(Guid.TryParse(reference, out var check) && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                     "SELECT EXISTS (SELECT 1 FROM quality.supervision_check WHERE id = @check)", new { check }, tx.Sql, cancellationToken: ct))))
        {
            v.Add("evidenceRef", t["attribution.check_unknown"]);
        }

        v.ThrowIfInvalid();
        var decision = Guid.CreateVersion7();
        var now = clock.GetUtcNow().UtcDateTime;
        // Serialises decisions on one defect, so two at once still leave a history in the order they were taken.
        await connection.ExecuteAsync(new CommandDefinition("SELECT 1 FROM quality.defect WHERE id = @id FOR UPDATE", new { id }, tx.Sql, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO quality.defect_cause (id, defect_id, cause, controllable, responsible_function, evidence_kind, evidence_ref, material_lot_id, note, decided_by, decided_at)
            VALUES (@decision, @id, @cause, @controllable, @function, @kind, @reference, @lot, @note, @by, @now)
            """,
            new { decision, id, cause, controllable, function, kind, reference, lot, note, by = actor.Current.Name, now }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("attributed", "quality.defect", id,
            new { current.Cause, current.Controllable, current.ResponsibleFunction },
            new { cause, controllable, responsibleFunction = function, evidenceKind = kind, evidenceRef = reference, note });
        if (controllable && current.Employee is not null)
        {
            var (employee, line) = await connection.QuerySingleAsync<(Guid Employee, Guid Line)>(new CommandDefinition(
                "SELECT employee_id, line_id FROM quality.defect WHERE id = @id", new { id }, tx.Sql, cancellationToken: ct));
            await needs.RaiseAsync(new RaisedNeed(
                $"attribution:{id:N}", $"defect_type:{current.DefectType}", t["attribution.need_title", current.DefectType], null, line, $"{current.Employee} · {current.Line}",
                "attribution.need_why", [current.DefectType, current.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), current.Batch, t[QualityVocabularies.Cause, cause!]],
                [employee], DateOnly.FromDateTime(now).AddDays(30), "attribution"), ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<CausePolicyDto>> PolicyAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(string Cause, bool Controllable, string? Function, DateTime ChangedAt, string ChangedBy)>(new CommandDefinition(
            "SELECT DISTINCT ON (cause) cause, controllable, responsible_function, changed_at, changed_by FROM quality.cause_policy ORDER BY cause, changed_at DESC, id DESC",
            cancellationToken: ct));
        return rows.Select(r => new CausePolicyDto(r.Cause, r.Controllable, r.Function, Utc(r.ChangedAt), r.ChangedBy)).ToList();
    }

    /// <summary>Appends a row for each cause whose classification changes; defects QA already decided keep their decision.</summary>
    public async Task<IReadOnlyList<CausePolicyDto>> SavePolicyAsync(IReadOnlyList<CausePolicyInput>? input, CancellationToken ct)
    {
        var v = new Validation();
        var items = input ?? [];
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var functions = (await connection.QueryAsync<string>(new CommandDefinition("SELECT code FROM org.function_tag_v", cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null || !QualityVocabularies.Cause.Contains(item.Cause) || items.Count(x => x?.Cause == item.Cause) > 1)
            {
                v.Add($"[{i}].cause", t["quality.one_of", string.Join(", ", IngestHandler.Causes)]);
            }
            else if (item.Controllable is null)
            {
                v.Add($"[{i}].controllable", t["validation.required"]);
            }
            else if (item.Controllable == false && (item.ResponsibleFunction is null || !functions.Contains(item.ResponsibleFunction)))
            {
                v.Add($"[{i}].responsibleFunction", t["attribution.function_required"]);
            }
        }

        if (items.Count == 0)
        {
            v.Add("items", t["validation.required"]);
        }

        v.ThrowIfInvalid();
        var current = (await PolicyAsync(ct)).ToDictionary(p => p.Cause);
        var changed = items.Where(i => current[i.Cause!] is var c && (c.Controllable != i.Controllable || c.ResponsibleFunction != (i.Controllable == true ? null : i.ResponsibleFunction))).ToList();
        if (changed.Count > 0)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var tx = await work.BeginAsync(ct);
            foreach (var item in changed)
            {
                var function = item.Controllable == true ? null : item.ResponsibleFunction;
                var id = Guid.CreateVersion7();
                await tx.Connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO quality.cause_policy (id, cause, controllable, responsible_function, changed_at, changed_by) VALUES (@id, @cause, @controllable, @function, @now, @by)",
                    new { id, cause = item.Cause, controllable = item.Controllable, function, now, by = actor.Current.Name }, tx.Sql, cancellationToken: ct));
                var before = current[item.Cause!];
                await tx.AuditAsync("updated", "quality.cause_policy", id, new { before.Cause, before.Controllable, before.ResponsibleFunction },
                    new { item.Cause, item.Controllable, responsibleFunction = function });
            }

            await tx.CommitAsync(ct);
        }

        return await PolicyAsync(ct);
    }

    private const string Columns =
        """
        SELECT d.id, d.external_id, b.code AS batch, l.code || ' ' || l.name AS line, d.defect_type, d.quantity, d.found_on, e.employee_no || ' ' || e.name AS employee,
               d.cause AS recorded_cause, a.cause, a.controllable, a.responsible_function, a.decided, a.evidence_kind, a.evidence_ref,
               (SELECT count(*)::int FROM quality.defect_cause x WHERE x.defect_id = d.id) AS decisions, d.found_at, d.line_id
        """;

    private const string From =
        """
        FROM quality.defect d JOIN quality.batch b ON b.id = d.batch_id JOIN org.org_unit_v l ON l.id = d.line_id LEFT JOIN org.employee_v e ON e.id = d.employee_id
        CROSS JOIN LATERAL quality.attribution_of(d.id, d.cause, @now) a
        """;

    private const string Where =
        """
        WHERE (@all OR d.line_id = ANY(@units)) AND (@id::uuid IS NULL OR d.id = @id)
          AND (@q = '' OR d.external_id = @q OR b.code = @q OR d.defect_type ILIKE '%' || @q || '%' OR e.employee_no = @q OR e.name ILIKE '%' || @q || '%')
          AND (@filter::text IS NULL OR (@filter = 'controllable' AND a.controllable) OR (@filter = 'uncontrollable' AND NOT a.controllable)
               OR (@filter = 'decided' AND a.decided) OR (@filter = 'undecided' AND NOT a.decided))
        """;

    private sealed record Row(
        Guid Id, string ExternalId, string Batch, string Line, string DefectType, int Quantity, DateOnly FoundOn, string? Employee, string RecordedCause, string Cause, bool Controllable,
        string? ResponsibleFunction, bool Decided, string? EvidenceKind, string? EvidenceRef, int Decisions, DateTime? FoundAt, Guid LineId)
    {
        public DefectAttributionDto ToDto() => new(
            Id, ExternalId, Batch, Line, DefectType, Quantity, FoundOn, Employee, RecordedCause, Cause, Controllable, ResponsibleFunction, Decided, EvidenceKind, EvidenceRef, Decisions,
            FoundAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null, LineId);
    }

    private sealed record HistoryRow(
        Guid Id, string Cause, bool Controllable, string? ResponsibleFunction, string? EvidenceKind, string? EvidenceRef, string Note, string DecidedBy, DateTime DecidedAt)
    {
        public DefectCauseDto ToDto() => new(Id, Cause, Controllable, ResponsibleFunction, EvidenceKind, EvidenceRef, Note, DecidedBy, Utc(DecidedAt));
    }
}
