using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Ingestion;

internal sealed class OperationRecordKind : IngestKind<OperationRecordInput, OperationRecordKind.Row>
{
    public static readonly OperationRecordKind Instance = new();

    public override string Table => "operation_record";

    public override string InsertSql =>
        """
        INSERT INTO quality.operation_record (id, external_id, batch_id, operation_id, work_centre, employee_id, org_unit_id, line_id, started_at, ended_at, recorded_at)
        SELECT r.id, r.ext, b.id, r.operation_id, r.work_centre, r.employee_id, r.org_unit_id, coalesce(r.line_id, b.line_id), r.started_at, r.ended_at, @now
        FROM unnest(@ids, @exts, @batches, @operations, @workCentres, @employees, @units, @lines, @starts, @ends)
             AS r(id, ext, batch, operation_id, work_centre, employee_id, org_unit_id, line_id, started_at, ended_at)
        JOIN quality.batch b ON b.code = r.batch
        ON CONFLICT (external_id) DO NOTHING
        """;

    public override ReferenceKeys Keys(IReadOnlyList<OperationRecordInput> items) =>
        new(items.Select(i => i.EmployeeNo), items.Select(i => i.Line), items.Select(i => i.Operation), []);

    public override Row Check(OperationRecordInput x, ItemCheck c, References refs, ScopeFilter filter, Texts t)
    {
        var ext = c.Text("externalId", x.ExternalId);
        var batch = c.Text("batch", x.Batch, 100);
        var product = c.Text("product", x.Product, 200, required: false);
        var line = c.Optional("line", x.Line, refs.Unit(x.Line), "quality.unit_unknown");
        var operation = c.Known("operation", x.Operation, refs.Operation(x.Operation), "quality.operation_unknown");
        var workCentre = c.Text("workCentre", x.WorkCentre, 100, required: false);
        var employee = c.Known("employeeNo", x.EmployeeNo, refs.Employee(x.EmployeeNo), "quality.employee_unknown");
        var start = c.Required("startedAt", x.StartedAt);
        if (x.EndedAt is { } end && x.StartedAt is { } s && end < s)
        {
            c.Error("endedAt", t["quality.end_before_start"]);
        }

        if (!c.Failed && !filter.Covers(employee.OrgUnitId))
        {
            c.Error("employeeNo", t["quality.outside_scope"]);
        }

        if (!c.Failed && line is { } lineId && !filter.Covers(lineId))
        {
            c.Error("line", t["quality.outside_scope"]);
        }

        return new Row(ext, batch, product, line, operation, workCentre.Length == 0 ? null : workCentre, employee.Id, employee.OrgUnitId, start.UtcDateTime, x.EndedAt?.UtcDateTime);
    }

    public override string ExternalId(Row row) => row.Ext;

    public override NamedBatch Batch(Row row) => new(row.Batch, row.Product, row.Line);

    public override object Arguments(IReadOnlyList<Row> rows, DateTime now) => new
    {
        now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), batches = rows.Select(r => r.Batch).ToArray(),
        operations = rows.Select(r => r.Operation).ToArray(), workCentres = rows.Select(r => r.WorkCentre).ToArray(), employees = rows.Select(r => r.Employee).ToArray(),
        units = rows.Select(r => r.Unit).ToArray(), lines = rows.Select(r => r.Line).ToArray(), starts = rows.Select(r => r.Start).ToArray(), ends = rows.Select(r => r.End).ToArray(),
    };

    internal sealed record Row(
        string Ext, string Batch, string Product, Guid? Line, Guid Operation, string? WorkCentre, Guid Employee, Guid Unit, DateTime Start, DateTime? End);
}
