using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Organization.Domain;

internal static class EmployeeStatus
{
    public const string Active = "active";
    public const string OnLeave = "on_leave";
    public const string Exited = "exited";

    public static readonly string[] All = [Active, OnLeave, Exited];
}

/// <summary>Employees, and people without a login who work at the plant all the same: contractors, temporary and agency workers.</summary>
internal static class WorkerType
{
    public const string Employee = "employee";

    public static readonly string[] All = [Employee, "contractor", "temporary", "agency"];

    /// <summary>Those employed by another company, which must be named.</summary>
    public static readonly string[] External = ["contractor", "agency"];
}

internal sealed class Employee : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string EmployeeNo { get; init; }

    public required string Name { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public Guid OrgUnitId { get; set; }

    public Guid? PositionId { get; set; }

    public Guid? ManagerId { get; set; }

    public Guid? ShiftGroupId { get; set; }

    public DateOnly HireDate { get; set; }

    public string Status { get; set; } = EmployeeStatus.Active;

    public string WorkerType { get; set; } = Domain.WorkerType.Employee;

    /// <summary>The employer of a contractor or agency worker.</summary>
    public string? Company { get; set; }

    /// <summary>Identity card or passport number, shown masked.</summary>
    public string? IdNumber { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "employee";
}

internal static class EmployeeEventKind
{
    public const string Hire = "hire";
    public const string Transfer = "transfer";
    public const string PositionChange = "position_change";
    public const string Leave = "leave";
    public const string Return = "return";
    public const string Exit = "exit";
    public const string Rehire = "rehire";

    public static readonly string[] All = [Hire, Transfer, PositionChange, Leave, Return, Exit, Rehire];
}

/// <summary>One step of an employee's lifecycle; the table refuses updates and deletes.</summary>
internal sealed class EmployeeEvent : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid EmployeeId { get; init; }

    public required string Kind { get; init; }

    public DateOnly EffectiveOn { get; init; }

    public Guid? FromOrgUnitId { get; init; }

    public Guid? ToOrgUnitId { get; init; }

    public Guid? FromPositionId { get; init; }

    public Guid? ToPositionId { get; init; }

    public string? Note { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    public string AuditEntityName => "employee_event";

    /// <summary>A lifecycle step: where from and to (org unit, position), when it takes effect, who recorded it.</summary>
    public static EmployeeEvent Record(
        Guid employeeId, string kind, DateOnly effectiveOn, (Guid? From, Guid? To) unit, (Guid? From, Guid? To) position,
        string? note, DateTimeOffset recordedAt, string recordedBy) => new()
    {
        Id = Guid.CreateVersion7(recordedAt),
        EmployeeId = employeeId,
        Kind = kind,
        EffectiveOn = effectiveOn,
        FromOrgUnitId = unit.From,
        ToOrgUnitId = unit.To,
        FromPositionId = position.From,
        ToPositionId = position.To,
        Note = note,
        RecordedAt = recordedAt,
        RecordedBy = recordedBy,
    };
}

internal sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>, IEntityTypeConfiguration<EmployeeEvent>
{
    public void Configure(EntityTypeBuilder<Employee> builder)
    {
        builder.ToTable("employee", "org");
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(e => e.OrgUnitId);
        builder.HasOne<Position>().WithMany().HasForeignKey(e => e.PositionId);
        builder.HasOne<Employee>().WithMany().HasForeignKey(e => e.ManagerId);
        builder.HasOne<ShiftGroup>().WithMany().HasForeignKey(e => e.ShiftGroupId);
    }

    public void Configure(EntityTypeBuilder<EmployeeEvent> builder)
    {
        builder.ToTable("employee_event", "org");
        builder.HasOne<Employee>().WithMany().HasForeignKey(e => e.EmployeeId);
    }
}
