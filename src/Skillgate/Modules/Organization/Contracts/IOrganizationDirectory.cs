namespace Skillgate.Modules.Organization.Contracts;

/// <summary>What other modules may ask the organisation module: the visible tree and employee look-ups.</summary>
public interface IOrganizationDirectory
{
    /// <summary>The org units the caller may see, parents before children.</summary>
    Task<IReadOnlyList<OrgUnitDto>> VisibleTreeAsync(bool includeInactive, CancellationToken ct);

    Task<bool> AllOrgUnitsExistAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    Task<bool> EmployeeExistsAsync(Guid id, CancellationToken ct);

    Task<Guid?> EmployeeIdByNumberAsync(string employeeNo, CancellationToken ct);

    Task<string?> EmployeeNumberAsync(Guid id, CancellationToken ct);
}
