using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Learning.Domain;

internal static class CourseKind
{
    public const string Online = "online";
    public const string Practical = "practical";
    public const string OnTheJob = "on_the_job";
    public const string External = "external";

    public static readonly string[] All = [Online, "classroom", Practical, OnTheJob, External];
}

internal static class CourseStatus
{
    public const string Draft = "draft";
    public const string InReview = "in_review";
    public const string Published = "published";
    public const string Retired = "retired";
}

/// <summary>A course of the library; only a published course can be scheduled or taken.</summary>
internal sealed class Course : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Code { get; init; }

    public required string Title { get; set; }

    public required string Kind { get; set; }

    public decimal ClassHours { get; set; }

    public string Description { get; set; } = "";

    public Guid? OwnerUnitId { get; set; }

    public int Points { get; set; }

    public decimal CostPerParticipant { get; set; }

    public int MinMaterialPercent { get; set; } = 90;

    public bool RequiresExam { get; set; } = true;

    public int? CertificateMonths { get; set; }

    /// <summary>The continuing-education credits a completion earns (issue 25), of <see cref="CreditCategory"/>; null for none.</summary>
    public decimal? Credits { get; set; }

    public string? CreditCategory { get; set; }

    public int Revision { get; set; } = 1;

    public string Status { get; set; } = CourseStatus.Draft;

    public Guid AuthorId { get; init; }

    public Guid? PublishedBy { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "course";
}

internal sealed class CourseReview : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    public int Revision { get; init; }

    public required string Action { get; init; }

    public string? Comment { get; init; }

    public Guid UserId { get; init; }

    public Guid? SignatureId { get; init; }

    public DateTimeOffset At { get; init; }

    public string AuditEntityName => "course";
}

internal sealed class CourseDocument : IAuditedEntity
{
    public Guid CourseId { get; init; }

    public Guid DocumentVersionId { get; init; }

    public Guid Id => CourseId;

    public string AuditEntityName => "course";
}

internal sealed class CourseSkill : IAuditedEntity
{
    public Guid CourseId { get; init; }

    public Guid SkillId { get; init; }

    public int Level { get; init; }

    public Guid Id => CourseId;

    public string AuditEntityName => "course";
}

internal sealed class CourseMaterial : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    public Guid FileId { get; init; }

    public required string Title { get; set; }

    public required string Kind { get; init; }

    public int Pages { get; set; } = 1;

    public int Sort { get; set; }

    public bool Active { get; set; } = true;

    public string AuditEntityName => "course";
}
