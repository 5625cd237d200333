namespace Skillgate.Modules.Admin.Contracts;

public sealed record UserDto(
    Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, Guid? EmployeeId,
    bool ScopeAll, IReadOnlyList<Guid> ScopeOrgUnitIds, bool Active, bool LockedOut, string? Language);

public sealed record UserCreate(
    string UserName, string DisplayName, string Password, IReadOnlyList<string> Roles, Guid? EmployeeId,
    bool ScopeAll, IReadOnlyList<Guid>? ScopeOrgUnitIds);

public sealed record UserUpdate(
    string DisplayName, IReadOnlyList<string> Roles, Guid? EmployeeId, bool ScopeAll, IReadOnlyList<Guid>? ScopeOrgUnitIds, bool Active);

public sealed record PasswordReset(string NewPassword);
