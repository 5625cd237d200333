using Dapper;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Gate;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Operations;

/// <summary>Operations / work centres and who works them; an assignment passes the qualification gate first.</summary>
internal sealed class OperationHandler(CompetenceDb db, IOrganizationDirectory organization, GateHandler gate, QualificationEngine engine, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<OperationDto>> ListAsync(CancellationToken ct)
    {
        var units = (await organization.VisibleTreeAsync(true, ct)).ToDictionary(u => u.Id, u => u.Name);
        var operations = await db.Set<Operation>().AsNoTracking().OrderBy(o => o.Code).ToListAsync(ct);
        return operations.Where(o => units.ContainsKey(o.OrgUnitId))
            .Select(o => new OperationDto(o.Id, o.Code, o.Name, o.OrgUnitId, units[o.OrgUnitId], o.Active)).ToList();
    }

    public async Task<OperationDto> GetAsync(Guid id, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(o => o.Id == id) ?? throw new NotFoundException("operation");

    /// <summary>Finds an operation by id or code (the MES knows codes).</summary>
    public Task<Operation?> FindAsync(string idOrCode, CancellationToken ct) =>
        Guid.TryParse(idOrCode, out var id)
            ? db.Set<Operation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct)
            : db.Set<Operation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code.ToLower() == idOrCode.Trim().ToLower(), ct);

    public async Task<OperationDto> CreateAsync(OperationInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("code", input.Code, t["validation.required"]).MaxLength("code", input.Code, 40, t["validation.max_length", 40]).Code("code", input.Code, t["validation.code_characters"]);
        v.Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 100, t["validation.max_length", 100]);
        if ((await organization.VisibleTreeAsync(false, ct)).All(u => u.Id != input.OrgUnitId))
        {
            v.Add("orgUnitId", t["org.unit.unknown"]);
        }

        v.ThrowIfInvalid();
        var code = input.Code.Trim();
        if (await db.Set<Operation>().AnyAsync(o => o.Code.ToLower() == code.ToLower(), ct))
        {
            throw new RuleViolationException("duplicate_code", t["org.duplicate_code", code]);
        }

        var operation = new Operation { Id = Guid.CreateVersion7(), Code = code, Name = input.Name.Trim(), OrgUnitId = input.OrgUnitId };
        db.Add(operation);
        await db.SaveChangesAsync(ct);
        return await GetAsync(operation.Id, ct);
    }

    /// <summary>Puts an employee on an operation; refused with 409 and every unmet requirement unless qualified or overridden.</summary>
    public async Task<GateResult> AssignAsync(Guid operationId, Guid employeeId, CancellationToken ct)
    {
        _ = await GetAsync(operationId, ct);
        if (!await organization.EmployeeExistsAsync(employeeId, ct))
        {
            throw new NotFoundException("employee");
        }

        var result = await gate.CheckOperationAsync(employeeId, operationId, ct);
        if (!result.Allowed)
        {
            throw new RuleViolationException("not_qualified", result.Message, new Dictionary<string, object?> { ["unmet"] = result.Unmet });
        }

        if (await db.Set<OperationAssignment>().AnyAsync(a => a.OperationId == operationId && a.EmployeeId == employeeId && a.EndedAt == null, ct))
        {
            return result;
        }

        await using var tx = await db.BeginAsync(ct);
        db.Add(new OperationAssignment { Id = Guid.CreateVersion7(), EmployeeId = employeeId, OperationId = operationId, AssignedAt = clock.GetUtcNow(), OverrideId = result.OverrideId });
        await db.SaveChangesAsync(ct);
        await engine.RefreshAsync([employeeId], null, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>Who works the operation now, in the caller's data scope, by employee number; <paramref name="q"/> matches a number's start or a name.</summary>
    public async Task<Page<OperationAssignmentDto>> AssignmentsAsync(Guid operationId, string? q, int page, int pageSize, CancellationToken ct)
    {
        _ = await GetAsync(operationId, ct);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var (connection, transaction) = await db.SqlAsync(ct);
        var rows = (await connection.QueryAsync<AssignmentRow>(new CommandDefinition(
            """
            SELECT a.employee_id, e.employee_no, e.name AS employee_name, a.assigned_at, a.override_id, count(*) OVER () AS total
            FROM competence.operation_assignment a JOIN org.employee_v e ON e.id = a.employee_id
            WHERE a.operation_id = @operationId AND a.ended_at IS NULL
              AND (@q = '' OR e.employee_no ILIKE @q || '%' OR e.name ILIKE '%' || @q || '%')
            ORDER BY e.employee_no OFFSET @offset LIMIT @pageSize
            """,
            new { operationId, q = q?.Trim() ?? "", offset = (page - 1) * pageSize, pageSize }, transaction, cancellationToken: ct))).ToList();
        return new Page<OperationAssignmentDto>(
            rows.Select(r => new OperationAssignmentDto(r.EmployeeId, r.EmployeeNo, r.EmployeeName, new DateTimeOffset(DateTime.SpecifyKind(r.AssignedAt, DateTimeKind.Utc)), r.OverrideId)).ToList(),
            rows.Count > 0 ? rows[0].Total : 0, page, pageSize);
    }

    /// <summary>
    /// Takes an employee off an operation. The qualifications the operation alone asked of them are dropped, and the history
    /// records them as removed at this moment, so a later trace does not show them still standing.
    /// </summary>
    public async Task EndAsync(Guid operationId, Guid employeeId, CancellationToken ct)
    {
        _ = await GetAsync(operationId, ct);
        var assignment = await db.Set<OperationAssignment>().FirstOrDefaultAsync(a => a.OperationId == operationId && a.EmployeeId == employeeId && a.EndedAt == null, ct)
            ?? throw new NotFoundException("assignment");
        await using var tx = await db.BeginAsync(ct);
        assignment.EndedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await engine.RefreshAsync([employeeId], null, ct);
        await tx.CommitAsync(ct);
    }

    private sealed record AssignmentRow(Guid EmployeeId, string EmployeeNo, string EmployeeName, DateTime AssignedAt, Guid? OverrideId, long Total);
}
