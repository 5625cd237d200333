using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Organization.Import;

/// <summary>What the database already holds, loaded once per import to match rows by code and number.</summary>
internal sealed class ImportContext
{
    public required Dictionary<string, OrgUnit> Units { get; init; }

    public required Dictionary<string, Position> Positions { get; init; }

    public required Dictionary<string, Guid> ShiftGroups { get; init; }

    public required HashSet<string> UnitTypes { get; init; }

    public required HashSet<string> FunctionTags { get; init; }

    public required Dictionary<string, Employee> Employees { get; init; }

    public static async Task<ImportContext> LoadAsync(OrganizationDb db, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var employees = await connection.QueryAsync<Employee>(new CommandDefinition(
            """
            SELECT id, employee_no AS EmployeeNo, name, phone, email, org_unit_id AS OrgUnitId, position_id AS PositionId,
                   manager_id AS ManagerId, shift_group_id AS ShiftGroupId, hire_date AS HireDate, status, version
            FROM org.employee
            """,
            cancellationToken: ct));
        return new ImportContext
        {
            Units = (await db.Set<OrgUnit>().ToListAsync(ct)).ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase),
            Positions = (await db.Set<Position>().ToListAsync(ct)).ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase),
            ShiftGroups = await db.Set<ShiftGroup>().Where(s => s.Active).ToDictionaryAsync(s => s.Code, s => s.Id, StringComparer.OrdinalIgnoreCase, ct),
            UnitTypes = (await db.Set<UnitType>().Select(x => x.Code).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase),
            FunctionTags = (await db.Set<FunctionTag>().Select(x => x.Code).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase),
            Employees = employees.ToDictionary(e => e.EmployeeNo, StringComparer.Ordinal),
        };
    }
}

/// <summary>An employee row that changes something: a new employee (no Before) or an update.</summary>
internal sealed record EmployeeChange(Employee? Before, Employee After)
{
    public IEnumerable<(string Kind, DateOnly On, Guid? FromUnit, Guid? ToUnit, Guid? FromPosition, Guid? ToPosition)> Events(DateOnly today)
    {
        if (Before is null)
        {
            yield return (EmployeeEventKind.Hire, After.HireDate, null, After.OrgUnitId, null, After.PositionId);
        }
        else if (Before.OrgUnitId != After.OrgUnitId)
        {
            yield return (EmployeeEventKind.Transfer, today, Before.OrgUnitId, After.OrgUnitId, Before.PositionId, After.PositionId);
        }
        else if (Before.PositionId != After.PositionId)
        {
            yield return (EmployeeEventKind.PositionChange, today, Before.OrgUnitId, After.OrgUnitId, Before.PositionId, After.PositionId);
        }
    }
}

internal sealed class ImportPlan
{
    public List<OrgUnit> NewUnits { get; } = [];

    public List<Position> NewPositions { get; } = [];

    public int UpdatedCount { get; set; }

    public List<EmployeeChange> EmployeeChanges { get; } = [];
}
