using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Organization.Contracts;

/// <param name="TimeZone">The unit's own IANA zone; null when it takes its parent's.</param>
/// <param name="EffectiveTimeZone">The zone its days, periods and shifts are in: its own, else its nearest ancestor's.</param>
public sealed record OrgUnitDto(
    Guid Id, string Code, string Name, string UnitType, Guid? ParentId, IReadOnlyList<string> Functions,
    bool Active, int Sort, int Depth, int Version, string? TimeZone = null, string? EffectiveTimeZone = null);

/// <param name="TimeZone">An IANA zone (e.g. Europe/Berlin); null takes the parent's (a new top unit takes the group's).</param>
public sealed record OrgUnitInput(string Code, string Name, string UnitType, Guid? ParentId, IReadOnlyList<string>? Functions, int Sort = 0, string? TimeZone = null);

public sealed record OrgUnitUpdate(string Name, string UnitType, IReadOnlyList<string>? Functions, int Sort, int Version);

public sealed record OrgUnitMove(Guid? NewParentId, int Version);

/// <param name="TimeZone">An IANA zone, or null to take the parent's again (not for a top unit).</param>
public sealed record OrgUnitTimeZone(string? TimeZone, int Version);

public sealed record PositionDto(Guid Id, string Code, string Name, Guid OrgUnitId, string OrgUnitName, bool Active, int Version);

public sealed record PositionInput(string Code, string Name, Guid OrgUnitId);

public sealed record PositionUpdate(string Name, Guid OrgUnitId, bool Active, int Version);

public sealed record ShiftGroupDto(Guid Id, string Code, string Name, Guid? OrgUnitId, string Pattern, bool Active, int Version);

public sealed record ShiftGroupInput(string Code, string Name, Guid? OrgUnitId, string? Pattern);

public sealed record ShiftGroupUpdate(string Name, Guid? OrgUnitId, string? Pattern, bool Active, int Version);

/// <summary>
/// A person at the plant: an employee, or a contractor, temporary or agency worker (WorkerType) without a login, with their
/// company; the ID number is shown masked (last four characters).
/// </summary>
public sealed record EmployeeDto(
    Guid Id, string EmployeeNo, string Name, string? Phone, string? Email,
    Guid OrgUnitId, string OrgUnitCode, string OrgUnitName, Guid? PositionId, string? PositionCode, string? PositionName,
    Guid? ManagerId, string? ManagerNo, string? ManagerName, Guid? ShiftGroupId, string? ShiftGroupCode, string? ShiftGroupName,
    DateOnly HireDate, string Status, int Version, string WorkerType = "employee", string? Company = null, string? IdNumberMasked = null);

public sealed record EmployeeCreate(
    string EmployeeNo, string Name, string? Phone, string? Email, Guid OrgUnitId, Guid? PositionId,
    Guid? ManagerId, Guid? ShiftGroupId, DateOnly HireDate,
    [property: AllowedValues("employee", "contractor", "temporary", "agency")] string? WorkerType = null, string? Company = null, string? IdNumber = null);

/// <summary>Company and IdNumber change only when given (null keeps what is there).</summary>
public sealed record EmployeeUpdate(string Name, string? Phone, string? Email, Guid? ManagerId, Guid? ShiftGroupId, int Version, string? Company = null, string? IdNumber = null);

/// <summary>A lifecycle step: transfer (to_org_unit_id), position_change (to_position_id), leave, return, exit, rehire.</summary>
public sealed record LifecycleEventInput([property: AllowedValues("transfer", "position_change", "leave", "return", "exit", "rehire")] string Kind, DateOnly EffectiveOn, Guid? ToOrgUnitId, Guid? ToPositionId, string? Note, int Version);

public sealed record EmployeeEventDto(
    Guid Id, string Kind, DateOnly EffectiveOn, Guid? FromOrgUnitId, string? FromOrgUnitName, Guid? ToOrgUnitId, string? ToOrgUnitName,
    Guid? FromPositionId, string? FromPositionName, Guid? ToPositionId, string? ToPositionName, string? Note, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record EmployeeQuery(string? Q = null, Guid? OrgUnitId = null, Guid? PositionId = null, string? Status = null, int Page = 1, int PageSize = 50);

public sealed record ListEntryDto(Guid Id, string Code, string NameZh, string NameEn, int Sort);

public sealed record ListEntryInput(string Code, string NameZh, string NameEn, int Sort = 0);
