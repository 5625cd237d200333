using System.Globalization;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Time;

namespace Skillgate.Modules.Quality.Ingestion;

internal sealed class DefectKind : IngestKind<DefectInput, DefectKind.Row>
{
    public static readonly DefectKind Instance = new();

    public override string Table => "defect";

    public override string InsertSql =>
        """
        INSERT INTO quality.defect (id, external_id, batch_id, line_id, operation_id, defect_type, quantity, cause, employee_id, found_on, found_at, recorded_at)
        SELECT r.id, r.ext, b.id, r.line_id, r.operation_id, r.defect_type, r.quantity, r.cause, r.employee_id, r.found_on, r.found_at, @now
        FROM unnest(@ids, @exts, @batches, @lines, @operations, @types, @quantities, @causes, @employees, @days, @times)
             AS r(id, ext, batch, line_id, operation_id, defect_type, quantity, cause, employee_id, found_on, found_at)
        JOIN quality.batch b ON b.code = r.batch
        ON CONFLICT (external_id) DO NOTHING
        """;

    public override ReferenceKeys Keys(IReadOnlyList<DefectInput> items) =>
        new(items.Select(i => i.EmployeeNo), items.Select(i => i.Line), items.Select(i => i.Operation), []);

    public override Row Check(DefectInput x, ItemCheck c, References refs, ScopeFilter filter, Texts t)
    {
        var ext = c.Text("externalId", x.ExternalId);
        var batch = c.Text("batch", x.Batch, 100);
        var line = c.Known("line", x.Line, refs.Unit(x.Line), "quality.unit_unknown");
        var operation = c.Optional("operation", x.Operation, refs.Operation(x.Operation), "quality.operation_unknown");
        var type = c.Text("defectType", x.DefectType, 100);
        var quantity = c.Required("quantity", x.Quantity);
        if (x.Quantity is <= 0)
        {
            c.Error("quantity", t["quality.positive"]);
        }

        var cause = c.OneOf("cause", x.Cause, IngestHandler.Causes);
        var employee = c.Optional("employeeNo", x.EmployeeNo, refs.Employee(x.EmployeeNo), "quality.employee_unknown");
        var on = x.FoundAt is null ? c.Required("foundOn", x.FoundOn) : x.FoundOn.GetValueOrDefault();
        if (!c.Failed && x.FoundAt is { } at)
        {
            // Found at 07:30 in Suzhou is that day in Suzhou, whatever the server's clock or the sender's offset say.
            var zone = refs.Zones.ZoneOf(line);
            var day = LocalDays.DayOf(zone, at);
            if (x.FoundOn is { } given && given != day)
            {
                c.Error("foundOn", t["quality.found_on_not_local_day", given.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), zone.Id]);
            }

            on = day;
        }

        if (!c.Failed && !filter.Covers(line))
        {
            c.Error("line", t["quality.outside_scope"]);
        }

        return new Row(ext, batch, line, operation, type, quantity, cause, employee?.Id, on, x.FoundAt?.UtcDateTime);
    }

    public override string ExternalId(Row row) => row.Ext;

    public override NamedBatch Batch(Row row) => new(row.Batch, "", row.Line);

    public override object Arguments(IReadOnlyList<Row> rows, DateTime now) => new
    {
        now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), batches = rows.Select(r => r.Batch).ToArray(),
        lines = rows.Select(r => r.Line).ToArray(), operations = rows.Select(r => r.Operation).ToArray(), types = rows.Select(r => r.Type).ToArray(),
        quantities = rows.Select(r => r.Quantity).ToArray(), causes = rows.Select(r => r.Cause).ToArray(), employees = rows.Select(r => r.Employee).ToArray(),
        days = rows.Select(r => r.On).ToArray(), times = rows.Select(r => r.At).ToArray(),
    };

    internal sealed record Row(string Ext, string Batch, Guid Line, Guid? Operation, string Type, int Quantity, string Cause, Guid? Employee, DateOnly On, DateTime? At);
}
