using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>An inspector's release of a known batch: what later defects on the batch and complaints about it count against.</summary>
internal sealed class BatchReleaseKind : IngestKind<BatchReleaseInput, BatchReleaseKind.Row>
{
    public static readonly BatchReleaseKind Instance = new();

    public override string Table => "batch_release";

    public override string InsertSql =>
        """
        INSERT INTO quality.batch_release (id, external_id, batch_id, employee_id, org_unit_id, released_on, quantity, recorded_at)
        SELECT r.*, @now FROM unnest(@ids, @exts, @batches, @employees, @units, @days, @quantities) AS r(id, ext, batch_id, employee_id, unit, day, quantity)
        ON CONFLICT (external_id) DO NOTHING
        """;

    public override ReferenceKeys Keys(IReadOnlyList<BatchReleaseInput> items) => new(items.Select(i => i.EmployeeNo), [], [], items.Select(i => i.Batch));

    public override Row Check(BatchReleaseInput x, ItemCheck c, References refs, ScopeFilter filter, Texts t)
    {
        var ext = c.Text("externalId", x.ExternalId);
        var batch = c.Known("batch", x.Batch, refs.Batch(x.Batch), "quality.batch_unknown");
        var inspector = c.Known("employeeNo", x.EmployeeNo, refs.Employee(x.EmployeeNo), "quality.employee_unknown");
        var on = c.Required("releasedOn", x.ReleasedOn);
        var quantity = c.Required("quantity", x.Quantity);
        if (x.Quantity is <= 0)
        {
            c.Error("quantity", t["quality.positive"]);
        }

        if (!c.Failed && !filter.Covers(inspector.OrgUnitId))
        {
            c.Error("employeeNo", t["quality.outside_scope"]);
        }

        return new Row(ext, batch.Id, inspector.Id, inspector.OrgUnitId, on, quantity);
    }

    public override string ExternalId(Row row) => row.Ext;

    public override object Arguments(IReadOnlyList<Row> rows, DateTime now) => new
    {
        now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), batches = rows.Select(r => r.Batch).ToArray(),
        employees = rows.Select(r => r.Employee).ToArray(), units = rows.Select(r => r.Unit).ToArray(), days = rows.Select(r => r.On).ToArray(),
        quantities = rows.Select(r => r.Quantity).ToArray(),
    };

    internal sealed record Row(string Ext, Guid Batch, Guid Employee, Guid Unit, DateOnly On, int Quantity);
}
