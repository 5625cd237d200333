using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>Raw-material lots and their incoming inspection; a lot code names one lot (a second lot with a known code is refused, not merged).</summary>
internal sealed class MaterialLotKind : IngestKind<MaterialLotInput, MaterialLotKind.Row>
{
    public static readonly MaterialLotKind Instance = new();

    public override string Table => "material_lot";

    // No conflict target: a known external id or code, or two items of one upload naming the same code, store nothing twice.
    public override string InsertSql =>
        """
        INSERT INTO quality.material_lot (id, external_id, code, material, supplier, org_unit_id, received_on, received, inspected, rejected, recorded_at)
        SELECT r.*, @now FROM unnest(@ids, @exts, @codes, @materials, @suppliers, @units, @days, @received, @inspected, @rejected)
             AS r(id, ext, code, material, supplier, unit, day, received, inspected, rejected)
        WHERE NOT EXISTS (SELECT 1 FROM quality.material_lot l WHERE lower(l.code) = lower(r.code))
        ON CONFLICT DO NOTHING
        """;

    public override ReferenceKeys Keys(IReadOnlyList<MaterialLotInput> items) => new([], items.Select(i => i.OrgUnit), [], []);

    public override Row Check(MaterialLotInput x, ItemCheck c, References refs, ScopeFilter filter, Texts t)
    {
        var ext = c.Text("externalId", x.ExternalId);
        var code = c.Text("code", x.Code, 100);
        var material = c.Text("material", x.Material, 200);
        var supplier = c.Text("supplier", x.Supplier, 200);
        var unit = c.Known("orgUnit", x.OrgUnit, refs.Unit(x.OrgUnit), "quality.unit_unknown");
        var on = c.Required("receivedOn", x.ReceivedOn);
        var received = c.Required("received", x.Received);
        var inspected = c.Required("inspected", x.Inspected);
        var rejected = c.Required("rejected", x.Rejected);
        if (x.Received is <= 0)
        {
            c.Error("received", t["quality.positive"]);
        }

        if (x.Inspected is { } i && (i < 0 || i > x.Received))
        {
            c.Error("inspected", t["quality.lot_inspected"]);
        }

        if (x.Rejected is { } r && (r < 0 || r > x.Inspected))
        {
            c.Error("rejected", t["quality.lot_rejected"]);
        }

        if (!c.Failed && !filter.Covers(unit))
        {
            c.Error("orgUnit", t["quality.outside_scope"]);
        }

        return new Row(ext, code, material, supplier, unit, on, received, inspected, rejected);
    }

    public override string ExternalId(Row row) => row.Ext;

    public override object Arguments(IReadOnlyList<Row> rows, DateTime now) => new
    {
        now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), codes = rows.Select(r => r.Code).ToArray(),
        materials = rows.Select(r => r.Material).ToArray(), suppliers = rows.Select(r => r.Supplier).ToArray(), units = rows.Select(r => r.Unit).ToArray(),
        days = rows.Select(r => r.On).ToArray(), received = rows.Select(r => r.Received).ToArray(), inspected = rows.Select(r => r.Inspected).ToArray(),
        rejected = rows.Select(r => r.Rejected).ToArray(),
    };

    internal sealed record Row(string Ext, string Code, string Material, string Supplier, Guid Unit, DateOnly On, int Received, int Inspected, int Rejected);
}
