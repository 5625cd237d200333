using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Learning.Domain;

/// <summary>An employee on a course: assigned by HR or a department head, or self-enrolled.</summary>
internal sealed class Enrollment : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    public Guid EmployeeId { get; init; }

    public required string Source { get; init; }

    public required string AssignedBy { get; init; }

    public DateOnly? DueOn { get; set; }

    public string Status { get; set; } = "in_progress";

    public Guid? LastMaterialId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "enrollment";
}

internal sealed class MaterialProgress
{
    public Guid EnrollmentId { get; init; }

    public Guid MaterialId { get; init; }

    public int Percent { get; set; }

    public int Position { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Practical / on-the-job qualification: read → observe → perform → sign-off.</summary>
internal sealed class Practical : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    public Guid EmployeeId { get; init; }

    public DateTimeOffset? ReadAt { get; set; }

    public DateTimeOffset? ObservedAt { get; set; }

    public string? ObservedBy { get; set; }

    public DateTimeOffset? PerformedAt { get; set; }

    public Guid? PerformedBy { get; set; }

    public DateTimeOffset? SignedOffAt { get; set; }

    public Guid? SignedOffBy { get; set; }

    public Guid? SignatureId { get; set; }

    public Guid[] EvidenceFileIds { get; set; } = [];

    public string? Note { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string Step => ReadAt is null ? "read" : ObservedAt is null ? "observe" : PerformedAt is null ? "perform" : SignedOffAt is null ? "signoff" : "done";

    public string AuditEntityName => "practical";
}

internal sealed class CourseCompletion : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    public int Revision { get; init; }

    public Guid EmployeeId { get; init; }

    public required string Source { get; init; }

    public DateOnly CompletedOn { get; init; }

    public Guid? AttemptId { get; init; }

    public Guid? PracticalId { get; init; }

    public Guid? EvidenceFileId { get; init; }

    public required string RecordedBy { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public string AuditEntityName => "course_completion";
}

internal sealed class Certificate : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Number { get; init; }

    public Guid CompletionId { get; init; }

    public Guid CourseId { get; init; }

    public Guid EmployeeId { get; init; }

    public DateOnly IssuedOn { get; init; }

    public DateOnly? ValidUntil { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public string AuditEntityName => "certificate";
}

/// <summary>Kirkpatrick level 1: the trainee's reaction to the course and its instructor.</summary>
internal sealed class Feedback : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid? InstructorId { get; init; }

    public int ContentRating { get; init; }

    public int? InstructorRating { get; init; }

    public int ApplicabilityRating { get; init; }

    public string? Comment { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string AuditEntityName => "feedback";
}
