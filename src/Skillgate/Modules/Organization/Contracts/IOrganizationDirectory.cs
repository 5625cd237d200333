namespace Skillgate.Modules.Organization.Contracts;

/// <summary>What other modules may ask the organisation module: the visible tree and employee look-ups.</summary>
public interface IOrganizationDirectory
{
    /// <summary>The org units the caller may see, parents before children.</summary>
    Task<IReadOnlyList<OrgUnitDto>> VisibleTreeAsync(bool includeInactive, CancellationToken ct);

    /// <summary>
    /// The caller's departments for the cockpit's breakdowns: the first level of their visible tree (active units) that holds
    /// more than one unit, going down through single units (a group with one plant gives the plant's departments), in order.
    /// </summary>
    Task<IReadOnlyList<OrgUnitDto>> DepartmentsAsync(CancellationToken ct);

    Task<bool> AllOrgUnitsExistAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    Task<bool> EmployeeExistsAsync(Guid id, CancellationToken ct);

    Task<string?> PositionNameAsync(Guid id, CancellationToken ct);

    Task<Guid?> EmployeeIdByNumberAsync(string employeeNo, CancellationToken ct);

    Task<IReadOnlyDictionary<Guid, string>> EmployeeNumbersAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    /// <summary>True when the employee lies in the caller's data scope (or is the caller).</summary>
    Task<bool> EmployeeVisibleAsync(Guid id, CancellationToken ct);

    /// <summary>Of these employees, the ones in the caller's data scope (or the caller), in one query.</summary>
    Task<IReadOnlySet<Guid>> VisibleEmployeesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    /// <summary>The functions a unit can hold (production, qa, procurement, ...), code to name in the caller's language, in their order.</summary>
    Task<IReadOnlyDictionary<string, string>> FunctionNamesAsync(CancellationToken ct);

    /// <summary>Moves an employee to a post through the lifecycle (position change), passing the qualification gate.</summary>
    Task AssignPositionAsync(Guid employeeId, Guid positionId, DateOnly effectiveOn, CancellationToken ct);
}
