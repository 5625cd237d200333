using Skillgate.Platform.Contracts;
using System.Text.Json;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Quality.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Quality.Checks;

/// <summary>
/// Supervision checks (监督检查): QA's checklists per operation or standard, and checks performed on a tablet against an employee
/// (and batch). A failed item can raise a training need for the employee.
/// </summary>
internal sealed class CheckHandler(
    QualityDb db, NpgsqlDataSource dataSource, IOrganizationDirectory organization, INeedIntake needs, DataScope scope, CurrentUser me, TimeProvider clock, Texts t)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<ChecklistDto>> ChecklistsAsync(bool includeInactive, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, string Code, string Title, Guid? OperationId, string? OperationCode, string[] Items, bool Active)>(new CommandDefinition(
            """
            SELECT l.id, l.code, l.title, l.operation_id, o.code, l.items, l.active FROM quality.checklist l LEFT JOIN competence.operation_v o ON o.id = l.operation_id
            WHERE @includeInactive OR l.active ORDER BY l.code
            """, new { includeInactive }, cancellationToken: ct));
        return rows.Select(r => new ChecklistDto(r.Id, r.Code, r.Title, r.OperationId, r.OperationCode, r.Items, r.Active)).ToList();
    }

    public async Task<ChecklistDto> CreateChecklistAsync(ChecklistInput input, CancellationToken ct)
    {
        var code = input.Code?.Trim() ?? "";
        var items = (input.Items ?? []).Select(i => i?.Trim() ?? "").Where(i => i.Length > 0).ToList();
        var v = new Validation().Require("code", code, t["validation.required"]).MaxLength("code", code, 50, t["validation.max_length", 50]).Code("code", code, t["validation.code_characters"])
            .Require("title", input.Title, t["validation.required"]).MaxLength("title", input.Title, 200, t["validation.max_length", 200]);
        if (code.Contains(' ', StringComparison.Ordinal))
        {
            v.Add("code", t["validation.code_no_spaces"]);
        }

        if (items.Count is < 1 or > 100 || items.Any(i => i.Length > 500))
        {
            v.Add("items", t["checks.items_range"]);
        }

        Guid? operation = null;
        if (!string.IsNullOrWhiteSpace(input.Operation))
        {
            await using var connection = await dataSource.OpenScopedAsync(ct);
            operation = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM competence.operation_v WHERE lower(code) = lower(@code)", new { code = input.Operation.Trim() });
            if (operation is null)
            {
                v.Add("operation", t["quality.operation_unknown", input.Operation.Trim()]);
            }
        }

        v.ThrowIfInvalid();
        if (await db.Set<Checklist>().AnyAsync(c => c.Code.ToLower() == code.ToLower(), ct))
        {
            throw new RuleViolationException("duplicate_code", t["checks.duplicate", code]);
        }

        var checklist = new Checklist { Id = Guid.CreateVersion7(), Code = code, Title = input.Title.Trim(), OperationId = operation, Items = items, CreatedAt = clock.GetUtcNow() };
        db.Add(checklist);
        await db.SaveChangesAsync(ct);
        return (await ChecklistsAsync(true, ct)).Single(c => c.Id == checklist.Id);
    }

    public async Task DeactivateChecklistAsync(Guid id, CancellationToken ct)
    {
        var checklist = await db.Set<Checklist>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException(t["checks.unknown"]);
        checklist.Active = false;
        checklist.Version++;
        await db.SaveChangesAsync(ct);
    }

    public async Task<CheckDto> PerformAsync(CheckInput input, CancellationToken ct)
    {
        var checklist = await db.Set<Checklist>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == input.ChecklistId && c.Active, ct);
        var v = new Validation();
        if (checklist is null)
        {
            v.Add("checklistId", t["checks.unknown"]);
        }

        var employee = await organization.EmployeeIdByNumberAsync(input.EmployeeNo?.Trim() ?? "", ct);
        if (employee is null || !await organization.EmployeeVisibleAsync(employee.Value, ct))
        {
            v.Add("employeeNo", t["quality.employee_unknown", input.EmployeeNo ?? ""]);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        Guid? batch = null;
        if (!string.IsNullOrWhiteSpace(input.Batch))
        {
            batch = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM quality.batch WHERE code = @code", new { code = input.Batch.Trim() });
            if (batch is null)
            {
                v.Add("batch", t["quality.batch_unknown", input.Batch.Trim()]);
            }
        }

        var items = input.Items ?? [];
        if (checklist is not null && items.Count != checklist.Items.Count)
        {
            v.Add("items", t["checks.items_count", checklist.Items.Count]);
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Passed is null)
            {
                v.Add($"items[{i}]", t["checks.item_unanswered", i + 1]);
            }
        }

        if (items.Any(i => i.Comment?.Length > 1000) || input.Comment?.Length > 2000)
        {
            v.Add("comment", t["validation.max_length", 1000]);
        }

        var photos = items.Where(i => i.PhotoFileId is not null).Select(i => i.PhotoFileId!.Value).ToArray();
        if (photos.Length > 0 && await connection.ExecuteScalarAsync<int>(
                "SELECT count(*)::int FROM platform.stored_file WHERE id = ANY(@photos) AND content_type = ANY(@images)", new { photos, images = FileKinds.Images.ToArray() }) != photos.Distinct().Count())
        {
            v.Add("items", t["checks.photo_unknown"]);
        }

        v.ThrowIfInvalid();
        var unit = await connection.ExecuteScalarAsync<Guid>("SELECT org_unit_id FROM org.employee_v WHERE id = @employee", new { employee });
        var results = checklist!.Items.Select((item, i) => new CheckItemResult(item, items[i].Passed!.Value, items[i].Comment?.Trim(), items[i].PhotoFileId)).ToList();
        var check = new SupervisionCheck
        {
            Id = Guid.CreateVersion7(), ChecklistId = checklist.Id, EmployeeId = employee!.Value, OrgUnitId = unit, BatchId = batch, OperationId = checklist.OperationId,
            PerformedBy = me.UserId ?? Guid.Empty, PerformedByName = me.Name, PerformedAt = clock.GetUtcNow(), Passed = results.All(r => r.Passed),
            Comment = input.Comment?.Trim() ?? "", Items = JsonSerializer.Serialize(results, Json),
        };
        db.Add(check);
        await db.SaveChangesAsync(ct);
        if (!check.Passed && input.RaiseNeed)
        {
            var failed = results.Where(r => !r.Passed).Select(r => r.Item).ToList();
            await needs.RaiseAsync(new RaisedNeed(
                $"check:{check.Id:N}", $"checklist:{checklist.Id:N}", checklist.Title, null, unit, $"{input.EmployeeNo?.Trim()} · {checklist.Code}",
                "checks.need_why", [checklist.Title, string.Join("; ", failed)], [check.EmployeeId], DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30)), ct);
        }

        return (await ListAsync(null, 1, 1, check.Id, ct)).Items.Single();
    }

    public async Task<Page<CheckDto>> ListAsync(string? q, int page, int pageSize, Guid? id, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { all = filter.All, units = filter.Ids, q = q?.Trim() ?? "", id, offset = (page - 1) * pageSize, pageSize };
        const string where = """
            WHERE (@all OR s.org_unit_id = ANY(@units)) AND (@id::uuid IS NULL OR s.id = @id)
              AND (@q = '' OR e.employee_no = @q OR e.name ILIKE '%' || @q || '%' OR l.code ILIKE '%' || @q || '%' OR b.code = @q)
            """;
        const string from = """
            FROM quality.supervision_check s JOIN quality.checklist l ON l.id = s.checklist_id JOIN org.employee_v e ON e.id = s.employee_id
            LEFT JOIN quality.batch b ON b.id = s.batch_id
            """;
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) {from} {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT s.id, s.checklist_id, l.code || ' ' || l.title AS checklist, s.employee_id, e.employee_no, e.name AS employee_name, b.code AS batch,
                   s.performed_by_name, s.performed_at, s.passed, s.comment, s.items::text AS items
            {from} {where} ORDER BY s.performed_at DESC OFFSET @offset LIMIT @pageSize
            """, args, cancellationToken: ct));
        return new Page<CheckDto>(rows.Select(r => new CheckDto(
            r.Id, r.ChecklistId, r.Checklist, r.EmployeeId, r.EmployeeNo, r.EmployeeName, r.Batch, r.PerformedByName, Utc(r.PerformedAt),
            r.Passed, r.Comment, JsonSerializer.Deserialize<List<CheckItemResult>>(r.Items, Json)!)).ToList(), total, page, pageSize);
    }

    private sealed record Row(
        Guid Id, Guid ChecklistId, string Checklist, Guid EmployeeId, string EmployeeNo, string EmployeeName, string? Batch, string PerformedByName, DateTime PerformedAt,
        bool Passed, string Comment, string Items);
}
