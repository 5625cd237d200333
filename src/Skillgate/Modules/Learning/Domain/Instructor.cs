using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Learning.Domain;

/// <summary>An internal instructor (an employee from production, QA or HR) or an external one.</summary>
internal sealed class Instructor : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Kind { get; set; }

    public Guid? EmployeeId { get; set; }

    public required string Name { get; set; }

    public string? Organization { get; set; }

    public string Subjects { get; set; } = "";

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "instructor";
}

internal sealed class InstructorCourse : IAuditedEntity
{
    public Guid InstructorId { get; init; }

    public Guid CourseId { get; init; }

    public Guid Id => InstructorId;

    public string AuditEntityName => "instructor";
}
