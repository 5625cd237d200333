using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Organization.Import;

/// <summary>
/// Excel import of org units, positions and employees, matched by code and employee number.
/// The whole workbook is validated first; then everything is written in one transaction or nothing is.
/// </summary>
internal sealed class ImportHandler(
    OrganizationDb db, NpgsqlDataSource dataSource, DatabaseRuntime runtime, AuditActor actor, IAssignmentGate gate, XlsxLimits limits, TimeProvider clock, Texts t)
{
    private const int AuditSlice = 20_000;

    public async Task<ImportJobDto> QueueAsync(string fileName, Stream content, long length, Guid userId, CancellationToken ct)
    {
        if (length <= 0 || length > ImportLimits.MaxFileBytes)
        {
            new Validation().Add("file", t["import.file_size", ImportLimits.MaxFileBytes / 1024 / 1024]).ThrowIfInvalid();
        }

        var id = Guid.CreateVersion7();
        var path = FilePath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var file = File.Create(path))
        {
            await content.CopyToAsync(file, ct);
        }

        try
        {
            await using (var check = File.OpenRead(path))
            {
                // The sheets the import reads are read through once now: a file past the limits is refused at the upload, not in the background.
                using var reader = XlsxReader.Open(check, ImportLimits.Workbook(limits), t);
                foreach (var sheet in reader.SheetNames.Where(n => ImportLayout.Sheets.Any(s => s.Matches(n))))
                {
                    foreach (var _ in reader.Rows(sheet))
                    {
                        ct.ThrowIfCancellationRequested();
                    }
                }
            }

            await using var connection = await dataSource.OpenScopedAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO org.import_job (id, file_name, status, created_by, created_at) VALUES (@id, @fileName, 'queued', @userId, @now)",
                new { id, fileName = Path.GetFileName(fileName), userId, now = clock.GetUtcNow() }, cancellationToken: ct));
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return (await GetAsync(id, userId, ct))!;
    }

    public async Task<ImportJobDto?> GetAsync(Guid id, Guid userId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            """
            SELECT id, file_name AS FileName, status, total_rows AS TotalRows, processed_rows AS ProcessedRows,
                   created_count AS CreatedCount, updated_count AS UpdatedCount, errors::text AS Errors, message,
                   created_at AS CreatedAt, finished_at AS FinishedAt
            FROM org.import_job WHERE id = @id AND created_by = @userId
            """, new { id, userId }, cancellationToken: ct));
        var found = row is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(row.Errors, JsonSerializerOptions.Web) ?? [];
        return row is null ? null : new ImportJobDto(
            row.Id, row.FileName, row.Status, row.TotalRows, row.ProcessedRows, row.CreatedCount, row.UpdatedCount,
            found.Where(e => !e.Warning).ToList(), row.Message, Utc(row.CreatedAt), row.FinishedAt is { } f ? Utc(f) : null, found.Where(e => e.Warning).ToList());
    }

    /// <summary>Runs a queued job to the end; called in the background by <see cref="ImportRunner"/>.</summary>
    public async Task RunAsync(Guid jobId, ScopeFilter scope, bool chinese, CancellationToken ct)
    {
        var path = FilePath(jobId);
        var errors = new List<ImportError>();
        try
        {
            await SetStatusAsync(jobId, ImportStatus.Running, ct);
            ImportWorkbook workbook;
            await using (var stream = File.OpenRead(path))
            {
                using var reader = XlsxReader.Open(stream, ImportLimits.Workbook(limits), t);
                workbook = new ImportParser(t, errors, chinese, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).Parse(reader);
            }

            await ProgressAsync(jobId, workbook.TotalRows, 0, ct);
            var context = await ImportContext.LoadAsync(db, dataSource, ct);
            var plan = new ImportPlanner(context, scope, t, errors, chinese).Plan(workbook);
            var warnings = workbook.Notes.Select(n => new ImportError(n.Sheet, n.Row, "", t["import.note_ignored"], Warning: true)).ToList();
            if (errors.Count > 0)
            {
                await FinishAsync(jobId, ImportStatus.Failed, 0, 0, [.. errors, .. warnings], t["import.failed_validation", errors.Count], ct);
                return;
            }

            await ProgressAsync(jobId, workbook.TotalRows, workbook.TotalRows / 4, ct);
            var (created, updated) = await WriteAsync(jobId, plan, workbook.TotalRows, ct);
            await FinishAsync(jobId, ImportStatus.Succeeded, created, updated, warnings, t["import.done", created, updated], ct);
        }
        catch (ValidationFailedException e)
        {
            var refusals = e.Errors.SelectMany(x => x.Value).Select(m => new ImportError("", 0, "", m)).ToList();
            await FinishAsync(jobId, ImportStatus.Failed, 0, 0, [.. errors, .. refusals], t["import.failed_validation", errors.Count + refusals.Count], CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FinishAsync(jobId, ImportStatus.Failed, 0, 0, errors, t["import.crashed", e.Message], CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<(int Created, int Updated)> WriteAsync(Guid jobId, ImportPlan plan, int totalRows, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        db.AddRange(plan.NewUnits);
        db.AddRange(plan.NewPositions);
        await db.SaveChangesAsync(ct);

        var (connection, transaction) = await db.SqlAsync(ct);
        var now = clock.GetUtcNow();
        var (actorId, actorName) = actor.Current;
        var changes = plan.EmployeeChanges;
        var employeeType = db.Model.FindEntityType(typeof(Employee))!;
        var eventType = db.Model.FindEntityType(typeof(EmployeeEvent))!;
        await connection.ExecuteAsync(
            """
            CREATE TEMP TABLE import_employee (
                id uuid, is_new boolean, employee_no text, name text, phone text, email text, org_unit_id uuid,
                position_id uuid, manager_id uuid, shift_group_id uuid, hire_date date) ON COMMIT DROP;
            CREATE TEMP TABLE import_event (
                id uuid, employee_id uuid, kind text, effective_on date, from_org_unit_id uuid, to_org_unit_id uuid,
                from_position_id uuid, to_position_id uuid) ON COMMIT DROP;
            CREATE TEMP TABLE import_audit (n bigserial, id uuid, action text, entity_type text, entity_id uuid, before jsonb, after jsonb) ON COMMIT DROP;
            """);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY import_employee (id, is_new, employee_no, name, phone, email, org_unit_id, position_id, manager_id, shift_group_id, hire_date) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in changes)
            {
                var e = c.After;
                await copy.WriteRowAsync(ct, e.Id, c.Before is null, e.EmployeeNo, e.Name, e.Phone, e.Email, e.OrgUnitId, e.PositionId, e.ManagerId, e.ShiftGroupId, e.HireDate);
            }

            await copy.CompleteAsync(ct);
        }

        await ProgressAsync(jobId, totalRows, totalRows / 2, ct);
        var events = new List<EmployeeEvent>();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY import_event (id, employee_id, kind, effective_on, from_org_unit_id, to_org_unit_id, from_position_id, to_position_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            foreach (var c in changes)
            {
                foreach (var (kind, on, fromUnit, toUnit, fromPos, toPos) in c.Events(today))
                {
                    var ev = EmployeeEvent.Record(c.After.Id, kind, on, (fromUnit, toUnit), (fromPos, toPos), t["import.event_note"], now, actorName);
                    events.Add(ev);
                    await copy.WriteRowAsync(ct, ev.Id, ev.EmployeeId, ev.Kind, ev.EffectiveOn, ev.FromOrgUnitId, ev.ToOrgUnitId, ev.FromPositionId, ev.ToPositionId);
                }
            }

            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY import_audit (id, action, entity_type, entity_id, before, after) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in changes)
            {
                await WriteAuditRowAsync(copy, Guid.CreateVersion7(now), c.Before is null ? "created" : "updated", "employee", c.After.Id,
                    c.Before is null ? null : AuditSnapshot.Json(employeeType, c.Before), AuditSnapshot.Json(employeeType, c.After), ct);
            }

            foreach (var ev in events)
            {
                await WriteAuditRowAsync(copy, Guid.CreateVersion7(now), "created", "employee_event", ev.Id, null, AuditSnapshot.Json(eventType, ev), ct);
            }

            await copy.CompleteAsync(ct);
        }

        var args = new { note = t["import.event_note"].Value, now, actorId, actorName };
        await connection.ExecuteAsync(
            """
            INSERT INTO org.employee (id, employee_no, name, phone, email, org_unit_id, position_id, manager_id, shift_group_id, hire_date, status)
            SELECT id, employee_no, name, phone, email, org_unit_id, position_id, manager_id, shift_group_id, hire_date, 'active'
            FROM import_employee WHERE is_new;
            UPDATE org.employee e SET name = i.name, phone = i.phone, email = i.email, org_unit_id = i.org_unit_id,
                   position_id = i.position_id, manager_id = i.manager_id, shift_group_id = i.shift_group_id, version = e.version + 1
            FROM import_employee i WHERE e.id = i.id AND NOT i.is_new;
            INSERT INTO org.employee_event (id, employee_id, kind, effective_on, from_org_unit_id, to_org_unit_id, from_position_id, to_position_id, note, recorded_at, recorded_by)
            SELECT id, employee_id, kind, effective_on, from_org_unit_id, to_org_unit_id, from_position_id, to_position_id, @note, @now, @actorName FROM import_event;
            """,
            args, transaction, commandTimeout: 600);

        // The audit rows are the slow part; written in slices so the page can show progress.
        var auditRows = changes.Count + events.Count;
        for (var from = 0; from < auditRows; from += AuditSlice)
        {
            await ProgressAsync(jobId, totalRows, (totalRows / 2) + (int)((long)totalRows * from / auditRows / 2), ct);
            await connection.ExecuteAsync(
                $"""
                {AuditSql.Insert}
                SELECT id, @now, @actorId, @actorName, action, entity_type, entity_id, before, after
                FROM import_audit WHERE n > @from AND n <= @from + @slice ORDER BY n
                """,
                new { args.now, args.actorId, args.actorName, from, slice = AuditSlice }, transaction, commandTimeout: 600);
        }

        // Master-data imports are not gated (initial loads precede training records); statuses follow the new posts.
        await gate.PositionsChangedAsync(changes.Where(c => c.Before?.PositionId != c.After.PositionId).Select(c => c.After.Id).ToList(), ct);
        await tx.CommitAsync(ct);
        if (changes.Count >= 1000)
        {
            // Fresh statistics right away, so searches after a bulk import use the trigram indexes; only the tables' owner may
            // analyze them, through the function it lends the application role.
            await connection.ExecuteAsync("SELECT org.analyze_people()");
        }

        var created = plan.NewUnits.Count + plan.NewPositions.Count + changes.Count(c => c.Before is null);
        var updated = plan.UpdatedCount + changes.Count(c => c.Before is not null);
        return (created, updated);
    }

    private static async Task WriteAuditRowAsync(NpgsqlBinaryImporter copy, Guid id, string action, string entityType, Guid entityId, string? before, string after, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(id, ct);
        await copy.WriteAsync(action, ct);
        await copy.WriteAsync(entityType, ct);
        await copy.WriteAsync(entityId, ct);
        if (before is null)
        {
            await copy.WriteNullAsync(ct);
        }
        else
        {
            await copy.WriteAsync(before, NpgsqlTypes.NpgsqlDbType.Jsonb, ct);
        }

        await copy.WriteAsync(after, NpgsqlTypes.NpgsqlDbType.Jsonb, ct);
    }

    private string FilePath(Guid id) => Path.Combine(runtime.DataPath, "imports", id.ToString("N") + ".xlsx");

    private async Task SetStatusAsync(Guid id, string status, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE org.import_job SET status = @status WHERE id = @id", new { id, status }, cancellationToken: ct));
    }

    private async Task ProgressAsync(Guid id, int total, int processed, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE org.import_job SET total_rows = @total, processed_rows = @processed WHERE id = @id", new { id, total, processed }, cancellationToken: ct));
    }

    private async Task FinishAsync(Guid id, string status, int created, int updated, List<ImportError> errors, string message, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE org.import_job SET status = @status, created_count = @created, updated_count = @updated,
                   errors = @errors::jsonb, message = @message, finished_at = @now,
                   processed_rows = CASE WHEN @status = 'succeeded' THEN total_rows ELSE processed_rows END
            WHERE id = @id
            """,
            new { id, status, created, updated, errors = JsonSerializer.Serialize(errors, JsonSerializerOptions.Web), message, now = clock.GetUtcNow() },
            cancellationToken: ct));
    }

    private sealed record JobRow(
        Guid Id, string FileName, string Status, int TotalRows, int ProcessedRows, int CreatedCount, int UpdatedCount,
        string Errors, string? Message, DateTime CreatedAt, DateTime? FinishedAt);
}
