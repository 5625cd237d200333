using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Ingestion;

internal sealed class AuditFindingKind : IngestKind<FindingInput, AuditFindingKind.Row>
{
    public static readonly AuditFindingKind Instance = new();

    public override string Table => "audit_finding";

    public override string InsertSql =>
        """
        INSERT INTO quality.audit_finding (id, external_id, audit, clause, nonconformity, org_unit_id, severity, found_on, recorded_at)
        SELECT r.*, @now FROM unnest(@ids, @exts, @audits, @clauses, @texts, @units, @severities, @days) AS r
        ON CONFLICT (external_id) DO NOTHING
        """;

    public override ReferenceKeys Keys(IReadOnlyList<FindingInput> items) => new([], items.Select(i => i.OrgUnit), [], []);

    public override Row Check(FindingInput x, ItemCheck c, References refs, ScopeFilter filter, Texts t)
    {
        var ext = c.Text("externalId", x.ExternalId);
        var audit = c.Text("audit", x.Audit, 200);
        var clause = c.Text("clause", x.Clause, 50);
        var text = c.Text("nonconformity", x.Nonconformity, 2000);
        var unit = c.Known("orgUnit", x.OrgUnit, refs.Unit(x.OrgUnit), "quality.unit_unknown");
        var severity = c.OneOf("severity", x.Severity, IngestHandler.Severities);
        var on = c.Required("foundOn", x.FoundOn);
        if (!c.Failed && !filter.Covers(unit))
        {
            c.Error("orgUnit", t["quality.outside_scope"]);
        }

        return new Row(ext, audit, clause, text, unit, severity, on);
    }

    public override string ExternalId(Row row) => row.Ext;

    public override object Arguments(IReadOnlyList<Row> rows, DateTime now) => new
    {
        now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), audits = rows.Select(r => r.Audit).ToArray(),
        clauses = rows.Select(r => r.Clause).ToArray(), texts = rows.Select(r => r.Text).ToArray(), units = rows.Select(r => r.Unit).ToArray(),
        severities = rows.Select(r => r.Severity).ToArray(), days = rows.Select(r => r.On).ToArray(),
    };

    internal sealed record Row(string Ext, string Audit, string Clause, string Text, Guid Unit, string Severity, DateOnly On);
}
