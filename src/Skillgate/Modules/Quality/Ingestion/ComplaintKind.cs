using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Ingestion;

internal sealed class ComplaintKind : IngestKind<ComplaintInput, ComplaintKind.Row>
{
    public static readonly ComplaintKind Instance = new();

    public override string Table => "complaint";

    public override string InsertSql =>
        """
        INSERT INTO quality.complaint (id, external_id, customer, batch_id, defect_type, description, severity, received_on, recorded_at)
        SELECT r.*, @now FROM unnest(@ids, @exts, @customers, @batches, @types, @texts, @severities, @days) AS r
        ON CONFLICT (external_id) DO NOTHING
        """;

    public override ReferenceKeys Keys(IReadOnlyList<ComplaintInput> items) => new([], [], [], items.Select(i => i.Batch));

    public override Row Check(ComplaintInput x, ItemCheck c, References refs, ScopeFilter filter, Texts t)
    {
        var ext = c.Text("externalId", x.ExternalId);
        var customer = c.Text("customer", x.Customer, 200);
        var found = refs.Batch(x.Batch);
        var batch = c.Optional<Guid>("batch", x.Batch, found?.Id, "quality.batch_unknown");
        var type = c.Text("defectType", x.DefectType, 100);
        var text = c.Text("description", x.Description, 4000);
        var severity = c.OneOf("severity", x.Severity, IngestHandler.Severities);
        var on = c.Required("receivedOn", x.ReceivedOn);
        if (!c.Failed && !filter.All && (found?.LineId is not { } batchLine || !filter.Covers(batchLine)))
        {
            // A complaint raises needs for the batch's operators: a scoped caller files it only against a batch of their own lines.
            c.Error("batch", t["quality.outside_scope"]);
        }

        return new Row(ext, customer, batch, type, text, severity, on);
    }

    public override string ExternalId(Row row) => row.Ext;

    public override object Arguments(IReadOnlyList<Row> rows, DateTime now) => new
    {
        now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), customers = rows.Select(r => r.Customer).ToArray(),
        batches = rows.Select(r => r.Batch).ToArray(), types = rows.Select(r => r.Type).ToArray(), texts = rows.Select(r => r.Text).ToArray(),
        severities = rows.Select(r => r.Severity).ToArray(), days = rows.Select(r => r.On).ToArray(),
    };

    internal sealed record Row(string Ext, string Customer, Guid? Batch, string Type, string Text, string Severity, DateOnly On);
}
