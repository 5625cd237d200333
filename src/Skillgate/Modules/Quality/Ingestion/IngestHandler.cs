using Dapper;
using Npgsql;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>
/// Stores plant data from the API or a file: every record is checked first (errors named by item or row and field) and
/// either all new records are stored or none; a record whose external id is already known is a duplicate and changes nothing.
/// One audit row per ingestion says who sent what and how much was new.
/// </summary>
internal sealed class IngestHandler(NpgsqlDataSource dataSource, DataScope scope, AuditActor actor, TimeProvider clock, Texts t)
{
    public const int MaxItems = 5000;

    public static readonly IReadOnlyList<string> Causes = ["man", "machine", "material", "method", "measurement", "environment"];

    public static readonly IReadOnlyList<string> Severities = ["minor", "major", "critical"];

    public async Task<IngestResult> OperationsAsync(IReadOnlyList<OperationRecordInput> items, Func<int, string> where, string source, CancellationToken ct)
    {
        await using var connection = await OpenAsync(items, ct);
        var refs = await References.LoadAsync(connection, items.Select(i => i.EmployeeNo), items.Select(i => i.Line), items.Select(i => i.Operation), [], ct);
        var filter = await scope.GetAsync(ct);
        var v = new Validation();
        var rows = new List<(string Ext, string Batch, string Product, Guid? Line, Guid Operation, string? WorkCentre, Guid Employee, Guid Unit, DateTime Start, DateTime? End)>();
        for (var i = 0; i < items.Count; i++)
        {
            var x = items[i];
            var c = new ItemCheck(v, where(i), t);
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

            if (!c.Failed)
            {
                rows.Add((ext, batch, product, line, operation, workCentre.Length == 0 ? null : workCentre, employee.Id, employee.OrgUnitId, start.UtcDateTime, x.EndedAt?.UtcDateTime));
            }
        }

        v.ThrowIfInvalid();
        rows = rows.DistinctBy(r => r.Ext, StringComparer.Ordinal).ToList();
        return await StoreAsync(connection, "operation_record", items.Count, source, rows.Select(r => (r.Batch, r.Product, r.Line)), async (tx, now) =>
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.operation_record (id, external_id, batch_id, operation_id, work_centre, employee_id, org_unit_id, line_id, started_at, ended_at, recorded_at)
                SELECT r.id, r.ext, b.id, r.operation_id, r.work_centre, r.employee_id, r.org_unit_id, coalesce(r.line_id, b.line_id), r.started_at, r.ended_at, @now
                FROM unnest(@ids, @exts, @batches, @operations, @workCentres, @employees, @units, @lines, @starts, @ends)
                     AS r(id, ext, batch, operation_id, work_centre, employee_id, org_unit_id, line_id, started_at, ended_at)
                JOIN quality.batch b ON b.code = r.batch
                ON CONFLICT (external_id) DO NOTHING
                """,
                new
                {
                    now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), batches = rows.Select(r => r.Batch).ToArray(),
                    operations = rows.Select(r => r.Operation).ToArray(), workCentres = rows.Select(r => r.WorkCentre).ToArray(), employees = rows.Select(r => r.Employee).ToArray(),
                    units = rows.Select(r => r.Unit).ToArray(), lines = rows.Select(r => r.Line).ToArray(), starts = rows.Select(r => r.Start).ToArray(), ends = rows.Select(r => r.End).ToArray(),
                }, tx), ct);
    }

    public async Task<IngestResult> CountsAsync(IReadOnlyList<CountInput> items, Func<int, string> where, string source, CancellationToken ct)
    {
        await using var connection = await OpenAsync(items, ct);
        var refs = await References.LoadAsync(connection, items.Select(i => i.EmployeeNo), items.Select(i => i.Line), items.Select(i => i.Operation), [], ct);
        var filter = await scope.GetAsync(ct);
        var v = new Validation();
        var rows = new List<(string Ext, string Batch, string Product, Guid Line, Guid? Operation, Guid? Employee, DateOnly On, int Produced, int Reworked, int Good)>();
        for (var i = 0; i < items.Count; i++)
        {
            var x = items[i];
            var c = new ItemCheck(v, where(i), t);
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

            if (!c.Failed)
            {
                rows.Add((ext, batch, product, line, operation, employee?.Id, on, produced, reworked, good));
            }
        }

        v.ThrowIfInvalid();
        rows = rows.DistinctBy(r => r.Ext, StringComparer.Ordinal).ToList();
        return await StoreAsync(connection, "production_count", items.Count, source, rows.Select(r => (r.Batch, r.Product, (Guid?)r.Line)), async (tx, now) =>
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.production_count (id, external_id, batch_id, line_id, operation_id, employee_id, produced_on, produced, reworked, first_pass_good, recorded_at)
                SELECT r.id, r.ext, b.id, r.line_id, r.operation_id, r.employee_id, r.produced_on, r.produced, r.reworked, r.good, @now
                FROM unnest(@ids, @exts, @batches, @lines, @operations, @employees, @days, @produced, @reworked, @good)
                     AS r(id, ext, batch, line_id, operation_id, employee_id, produced_on, produced, reworked, good)
                JOIN quality.batch b ON b.code = r.batch
                ON CONFLICT (external_id) DO NOTHING
                """,
                new
                {
                    now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), batches = rows.Select(r => r.Batch).ToArray(),
                    lines = rows.Select(r => r.Line).ToArray(), operations = rows.Select(r => r.Operation).ToArray(), employees = rows.Select(r => r.Employee).ToArray(),
                    days = rows.Select(r => r.On).ToArray(), produced = rows.Select(r => r.Produced).ToArray(), reworked = rows.Select(r => r.Reworked).ToArray(),
                    good = rows.Select(r => r.Good).ToArray(),
                }, tx), ct);
    }

    public async Task<IngestResult> DefectsAsync(IReadOnlyList<DefectInput> items, Func<int, string> where, string source, CancellationToken ct)
    {
        await using var connection = await OpenAsync(items, ct);
        var refs = await References.LoadAsync(connection, items.Select(i => i.EmployeeNo), items.Select(i => i.Line), items.Select(i => i.Operation), [], ct);
        var filter = await scope.GetAsync(ct);
        var v = new Validation();
        var rows = new List<(string Ext, string Batch, Guid Line, Guid? Operation, string Type, int Quantity, string Cause, Guid? Employee, DateOnly On)>();
        for (var i = 0; i < items.Count; i++)
        {
            var x = items[i];
            var c = new ItemCheck(v, where(i), t);
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

            var cause = c.OneOf("cause", x.Cause, Causes);
            var employee = c.Optional("employeeNo", x.EmployeeNo, refs.Employee(x.EmployeeNo), "quality.employee_unknown");
            var on = c.Required("foundOn", x.FoundOn);
            if (!c.Failed && !filter.Covers(line))
            {
                c.Error("line", t["quality.outside_scope"]);
            }

            if (!c.Failed)
            {
                rows.Add((ext, batch, line, operation, type, quantity, cause, employee?.Id, on));
            }
        }

        v.ThrowIfInvalid();
        rows = rows.DistinctBy(r => r.Ext, StringComparer.Ordinal).ToList();
        return await StoreAsync(connection, "defect", items.Count, source, rows.Select(r => (r.Batch, "", (Guid?)r.Line)), async (tx, now) =>
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.defect (id, external_id, batch_id, line_id, operation_id, defect_type, quantity, cause, employee_id, found_on, recorded_at)
                SELECT r.id, r.ext, b.id, r.line_id, r.operation_id, r.defect_type, r.quantity, r.cause, r.employee_id, r.found_on, @now
                FROM unnest(@ids, @exts, @batches, @lines, @operations, @types, @quantities, @causes, @employees, @days)
                     AS r(id, ext, batch, line_id, operation_id, defect_type, quantity, cause, employee_id, found_on)
                JOIN quality.batch b ON b.code = r.batch
                ON CONFLICT (external_id) DO NOTHING
                """,
                new
                {
                    now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), batches = rows.Select(r => r.Batch).ToArray(),
                    lines = rows.Select(r => r.Line).ToArray(), operations = rows.Select(r => r.Operation).ToArray(), types = rows.Select(r => r.Type).ToArray(),
                    quantities = rows.Select(r => r.Quantity).ToArray(), causes = rows.Select(r => r.Cause).ToArray(), employees = rows.Select(r => r.Employee).ToArray(),
                    days = rows.Select(r => r.On).ToArray(),
                }, tx), ct);
    }

    public async Task<IngestResult> FindingsAsync(IReadOnlyList<FindingInput> items, Func<int, string> where, string source, CancellationToken ct)
    {
        await using var connection = await OpenAsync(items, ct);
        var refs = await References.LoadAsync(connection, [], items.Select(i => i.OrgUnit), [], [], ct);
        var filter = await scope.GetAsync(ct);
        var v = new Validation();
        var rows = new List<(string Ext, string Audit, string Clause, string Text, Guid Unit, string Severity, DateOnly On)>();
        for (var i = 0; i < items.Count; i++)
        {
            var x = items[i];
            var c = new ItemCheck(v, where(i), t);
            var ext = c.Text("externalId", x.ExternalId);
            var audit = c.Text("audit", x.Audit, 200);
            var clause = c.Text("clause", x.Clause, 50);
            var text = c.Text("nonconformity", x.Nonconformity, 2000);
            var unit = c.Known("orgUnit", x.OrgUnit, refs.Unit(x.OrgUnit), "quality.unit_unknown");
            var severity = c.OneOf("severity", x.Severity, Severities);
            var on = c.Required("foundOn", x.FoundOn);
            if (!c.Failed && !filter.Covers(unit))
            {
                c.Error("orgUnit", t["quality.outside_scope"]);
            }

            if (!c.Failed)
            {
                rows.Add((ext, audit, clause, text, unit, severity, on));
            }
        }

        v.ThrowIfInvalid();
        rows = rows.DistinctBy(r => r.Ext, StringComparer.Ordinal).ToList();
        return await StoreAsync(connection, "audit_finding", items.Count, source, [], async (tx, now) =>
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.audit_finding (id, external_id, audit, clause, nonconformity, org_unit_id, severity, found_on, recorded_at)
                SELECT r.*, @now FROM unnest(@ids, @exts, @audits, @clauses, @texts, @units, @severities, @days) AS r
                ON CONFLICT (external_id) DO NOTHING
                """,
                new
                {
                    now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), audits = rows.Select(r => r.Audit).ToArray(),
                    clauses = rows.Select(r => r.Clause).ToArray(), texts = rows.Select(r => r.Text).ToArray(), units = rows.Select(r => r.Unit).ToArray(),
                    severities = rows.Select(r => r.Severity).ToArray(), days = rows.Select(r => r.On).ToArray(),
                }, tx), ct);
    }

    public async Task<IngestResult> ComplaintsAsync(IReadOnlyList<ComplaintInput> items, Func<int, string> where, string source, CancellationToken ct)
    {
        await using var connection = await OpenAsync(items, ct);
        var refs = await References.LoadAsync(connection, [], [], [], items.Select(i => i.Batch), ct);
        var filter = await scope.GetAsync(ct);
        var v = new Validation();
        var rows = new List<(string Ext, string Customer, Guid? Batch, string Type, string Text, string Severity, DateOnly On)>();
        for (var i = 0; i < items.Count; i++)
        {
            var x = items[i];
            var c = new ItemCheck(v, where(i), t);
            var ext = c.Text("externalId", x.ExternalId);
            var customer = c.Text("customer", x.Customer, 200);
            var found = refs.Batch(x.Batch);
            var batch = c.Optional<Guid>("batch", x.Batch, found?.Id, "quality.batch_unknown");
            var type = c.Text("defectType", x.DefectType, 100);
            var text = c.Text("description", x.Description, 4000);
            var severity = c.OneOf("severity", x.Severity, Severities);
            var on = c.Required("receivedOn", x.ReceivedOn);
            if (!c.Failed && !filter.All && (found?.LineId is not { } batchLine || !filter.Covers(batchLine)))
            {
                // A complaint raises needs for the batch's operators: a scoped caller files it only against a batch of their own lines.
                c.Error("batch", t["quality.outside_scope"]);
            }

            if (!c.Failed)
            {
                rows.Add((ext, customer, batch, type, text, severity, on));
            }
        }

        v.ThrowIfInvalid();
        rows = rows.DistinctBy(r => r.Ext, StringComparer.Ordinal).ToList();
        return await StoreAsync(connection, "complaint", items.Count, source, [], async (tx, now) =>
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.complaint (id, external_id, customer, batch_id, defect_type, description, severity, received_on, recorded_at)
                SELECT r.*, @now FROM unnest(@ids, @exts, @customers, @batches, @types, @texts, @severities, @days) AS r
                ON CONFLICT (external_id) DO NOTHING
                """,
                new
                {
                    now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), customers = rows.Select(r => r.Customer).ToArray(),
                    batches = rows.Select(r => r.Batch).ToArray(), types = rows.Select(r => r.Type).ToArray(), texts = rows.Select(r => r.Text).ToArray(),
                    severities = rows.Select(r => r.Severity).ToArray(), days = rows.Select(r => r.On).ToArray(),
                }, tx), ct);
    }

    private async Task<NpgsqlConnection> OpenAsync<T>(IReadOnlyList<T?> items, CancellationToken ct)
        where T : class
    {
        if (items.Count is < 1 or > MaxItems)
        {
            new Validation().Add("items", t["quality.items_range", MaxItems]).ThrowIfInvalid();
        }

        if (items.Any(i => i is null))
        {
            new Validation().Add("items", t["quality.item_null"]).ThrowIfInvalid();
        }

        return await dataSource.OpenScopedAsync(ct);
    }

    /// <summary>Creates the batches named (keeping what is known of existing ones), inserts the records and writes the audit row, in one transaction.</summary>
    private async Task<IngestResult> StoreAsync(
        NpgsqlConnection connection, string kind, int received, string source, IEnumerable<(string Code, string Product, Guid? Line)> batches,
        Func<NpgsqlTransaction, DateTime, Task<int>> insert, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var named = batches.GroupBy(b => b.Code, StringComparer.Ordinal)
            .Select(g => (Code: g.Key, Product: g.Select(b => b.Product).FirstOrDefault(p => p.Length > 0) ?? "", Line: g.Select(b => b.Line).FirstOrDefault(l => l is not null)))
            .OrderBy(b => b.Code, StringComparer.Ordinal) // the same order in every ingestion, so two never wait on each other's batches
            .ToList();
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (named.Count > 0)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.batch AS b (id, code, product, line_id, created_at)
                SELECT r.id, r.code, r.product, r.line_id, @now FROM unnest(@ids, @codes, @products, @lines) AS r(id, code, product, line_id)
                ON CONFLICT (code) DO UPDATE SET product = CASE WHEN b.product = '' THEN EXCLUDED.product ELSE b.product END, line_id = coalesce(b.line_id, EXCLUDED.line_id)
                """,
                new
                {
                    now, ids = named.Select(_ => Guid.CreateVersion7()).ToArray(), codes = named.Select(b => b.Code).ToArray(),
                    products = named.Select(b => b.Product).ToArray(), lines = named.Select(b => b.Line).ToArray(),
                }, tx);
        }

        var stored = await insert(tx, now);
        var id = Guid.CreateVersion7();
        await AuditSql.WriteAsync(connection, tx, actor.Current, now, "imported", "quality." + kind, id, null, new { source, received, stored, duplicates = received - stored });
        await tx.CommitAsync(ct);
        return new IngestResult(kind, received, stored, received - stored);
    }
}
