using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Ingestion;

internal sealed class ProductionCountKind : IngestKind<CountInput, ProductionCountKind.Row>
{
    public static readonly ProductionCountKind Instance = new();

    public override string Table => "production_count";

    public override string InsertSql =>
        """
        INSERT INTO quality.production_count (id, external_id, batch_id, line_id, operation_id, employee_id, produced_on, produced, reworked, first_pass_good, recorded_at)
        SELECT r.id, r.ext, b.id, r.line_id, r.operation_id, r.employee_id, r.produced_on, r.produced, r.reworked, r.good, @now
        FROM unnest(@ids, @exts, @batches, @lines, @operations, @employees, @days, @produced, @reworked, @good)
             AS r(id, ext, batch, line_id, operation_id, employee_id, produced_on, produced, reworked, good)
        JOIN quality.batch b ON b.code = r.batch
        ON CONFLICT (external_id) DO NOTHING
        """;

    public override ReferenceKeys Keys(IReadOnlyList<CountInput> items) =>
        new(items.Select(i => i.EmployeeNo), items.Select(i => i.Line), items.Select(i => i.Operation), []);

    public override Row Check(CountInput x, ItemCheck c, References refs, ScopeFilter filter, Texts t)
    {
        var ext = c.Text("externalId", x.ExternalId);
        var batch = c.Text("batch", x.Batch, 100);
        var product = c.Text("product", x.Product, 200, required: false);
        var line = c.Known("line", x.Line, refs.Unit(x.Line), "quality.unit_unknown");
        var operation = c.Optional("operation", x.Operation, refs.Operation(x.Operation), "quality.operation_unknown");
        var employee = c.Optional("employeeNo", x.EmployeeNo, refs.Employee(x.EmployeeNo), "quality.employee_unknown");
        var on = c.Required("producedOn", x.ProducedOn);
        var produced = c.Required("produced", x.Produced);
        var reworked = x.Reworked ?? 0;
        var good = x.FirstPassGood ?? Math.Max(0, produced - reworked);
        if (x.Produced is <= 0)
        {
            c.Error("produced", t["quality.positive"]);
        }

        if (reworked < 0 || reworked > produced)
        {
            c.Error("reworked", t["quality.between", 0, produced]);
        }

        if (good < 0 || good > produced)
        {
            c.Error("firstPassGood", t["quality.between", 0, produced]);
        }

        if (!c.Failed && !filter.Covers(line))
        {
            c.Error("line", t["quality.outside_scope"]);
        }

        return new Row(ext, batch, product, line, operation, employee?.Id, on, produced, reworked, good);
    }

    public override string ExternalId(Row row) => row.Ext;

    public override NamedBatch Batch(Row row) => new(row.Batch, row.Product, row.Line);

    public override object Arguments(IReadOnlyList<Row> rows, DateTime now) => new
    {
        now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), batches = rows.Select(r => r.Batch).ToArray(),
        lines = rows.Select(r => r.Line).ToArray(), operations = rows.Select(r => r.Operation).ToArray(), employees = rows.Select(r => r.Employee).ToArray(),
        days = rows.Select(r => r.On).ToArray(), produced = rows.Select(r => r.Produced).ToArray(), reworked = rows.Select(r => r.Reworked).ToArray(),
        good = rows.Select(r => r.Good).ToArray(),
    };

    internal sealed record Row(string Ext, string Batch, string Product, Guid Line, Guid? Operation, Guid? Employee, DateOnly On, int Produced, int Reworked, int Good);
}
