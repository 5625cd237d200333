using Dapper;
using Npgsql;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>Stored plant data by kind, newest first, searchable by external id, batch or text, within the caller's scope.</summary>
internal sealed class RecordQueries(NpgsqlDataSource dataSource, DataScope scope, Texts t)
{
    private static readonly Dictionary<string, string> Sql = new(StringComparer.Ordinal)
    {
        ["operations"] = """
            SELECT r.id, r.external_id, b.code AS batch, coalesce(l.code, '') || ' ' || coalesce(r.work_centre, '') AS place, o.code || ' ' || o.name AS what, NULL AS code,
                   e.employee_no || ' ' || e.name AS who, r.started_at AS at, NULL::bigint AS quantity, r.org_unit_id AS unit
            FROM quality.operation_record r JOIN quality.batch b ON b.id = r.batch_id JOIN competence.operation_v o ON o.id = r.operation_id
            JOIN org.employee_v e ON e.id = r.employee_id LEFT JOIN org.org_unit_v l ON l.id = r.line_id
            """,
        ["counts"] = """
            SELECT r.id, r.external_id, b.code AS batch, l.code AS place, r.produced || ' / ' || r.reworked || ' / ' || r.first_pass_good AS what, NULL AS code,
                   e.employee_no || ' ' || e.name AS who, r.produced_on::timestamp AS at, r.produced::bigint AS quantity, r.line_id AS unit
            FROM quality.production_count r JOIN quality.batch b ON b.id = r.batch_id JOIN org.org_unit_v l ON l.id = r.line_id LEFT JOIN org.employee_v e ON e.id = r.employee_id
            """,
        ["defects"] = """
            SELECT r.id, r.external_id, b.code AS batch, l.code AS place, r.defect_type AS what, 'quality.cause.' || r.cause AS code,
                   e.employee_no || ' ' || e.name AS who, r.found_on::timestamp AS at, r.quantity::bigint AS quantity, r.line_id AS unit
            FROM quality.defect r JOIN quality.batch b ON b.id = r.batch_id JOIN org.org_unit_v l ON l.id = r.line_id LEFT JOIN org.employee_v e ON e.id = r.employee_id
            """,
        ["findings"] = """
            SELECT r.id, r.external_id, NULL AS batch, u.name AS place, r.audit || ' ' || r.clause || ' · ' || r.nonconformity AS what, 'quality.severity.' || r.severity AS code,
                   NULL AS who, r.found_on::timestamp AS at, NULL::bigint AS quantity, r.org_unit_id AS unit
            FROM quality.audit_finding r JOIN org.org_unit_v u ON u.id = r.org_unit_id
            """,
        ["complaints"] = """
            SELECT r.id, r.external_id, b.code AS batch, r.customer AS place, r.defect_type || ' · ' || r.description AS what, 'quality.severity.' || r.severity AS code,
                   NULL AS who, r.received_on::timestamp AS at, NULL::bigint AS quantity, b.line_id AS unit
            FROM quality.complaint r LEFT JOIN quality.batch b ON b.id = r.batch_id
            """,
        ["lots"] = """
            SELECT r.id, r.external_id, r.code AS batch, u.name AS place, r.material || ' · ' || r.supplier || ' · ' || r.rejected || ' / ' || r.inspected || ' / ' || r.received AS what,
                   NULL AS code, NULL AS who, r.received_on::timestamp AS at, r.received::bigint AS quantity, r.org_unit_id AS unit
            FROM quality.material_lot r JOIN org.org_unit_v u ON u.id = r.org_unit_id
            """,
        ["downtimes"] = """
            SELECT r.id, r.external_id, r.code AS batch, l.code AS place, r.equipment || ' · ' || r.reason AS what, NULL AS code, NULL AS who,
                   r.started_at AS at, NULL::bigint AS quantity, r.line_id AS unit
            FROM quality.downtime r JOIN org.org_unit_v l ON l.id = r.line_id
            """,
        ["releases"] = """
            SELECT r.id, r.external_id, b.code AS batch, u.name AS place, b.product AS what, NULL AS code, e.employee_no || ' ' || e.name AS who,
                   r.released_on::timestamp AS at, r.quantity::bigint AS quantity, r.org_unit_id AS unit
            FROM quality.batch_release r JOIN quality.batch b ON b.id = r.batch_id JOIN org.org_unit_v u ON u.id = r.org_unit_id JOIN org.employee_v e ON e.id = r.employee_id
            """,
    };

    public async Task<Page<QualityRecordRow>> ListAsync(string kind, string? q, int page, int pageSize, CancellationToken ct)
    {
        if (!Sql.TryGetValue(kind, out var sql))
        {
            new Validation().Add("kind", t["quality.one_of", string.Join(", ", Sql.Keys)]).ThrowIfInvalid();
        }

        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT * FROM ({sql!}) x
            WHERE (@all OR x.unit = ANY(@units)) AND (@q = '' OR x.external_id = @q OR x.batch = @q OR x.what ILIKE '%' || @q || '%' OR x.who ILIKE '%' || @q || '%')
            ORDER BY x.at DESC, x.external_id DESC OFFSET @offset LIMIT @limit
            """, new { all = filter.All, units = filter.Ids, q = q?.Trim() ?? "", offset = (page - 1) * pageSize, limit = pageSize + 1 }, cancellationToken: ct));
        // Codes (5M1E cause, severity) are shown in the reader's language, not as stored.
        var list = rows.Select(r => new QualityRecordRow(
            r.Id, r.ExternalId, r.Batch, r.Place ?? "", r.Code is null ? r.What ?? "" : $"{r.What} · {t[r.Code]}", r.Who, Utc(r.At), r.Quantity)).ToList();
        // The total is "at least" one more page when there is one: counting millions of operation records for a pager is not worth it.
        var total = ((page - 1) * pageSize) + list.Count;
        return new Page<QualityRecordRow>(list.Take(pageSize).ToList(), total, page, pageSize, TotalIsLowerBound: list.Count > pageSize);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }

        public string ExternalId { get; init; } = "";

        public string? Batch { get; init; }

        public string? Place { get; init; }

        public string? What { get; init; }

        public string? Code { get; init; }

        public string? Who { get; init; }

        public DateTime At { get; init; }

        public long? Quantity { get; init; }

        public Guid? Unit { get; init; }
    }
}
