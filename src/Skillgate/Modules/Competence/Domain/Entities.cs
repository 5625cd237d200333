using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Competence.Domain;

internal sealed class Skill : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Code { get; init; }

    public required string Name { get; set; }

    public Guid? ParentId { get; set; }

    public int MaxLevel { get; set; } = 4;

    public List<string> LevelDescriptions { get; set; } = [];

    public bool Active { get; set; } = true;

    public int Version { get; set; }

    public string AuditEntityName => "skill";
}

/// <summary>A skill the employee wants to learn; the needs analysis turns these into training needs.</summary>
internal sealed class SkillWish : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid SkillId { get; init; }

    public string? Note { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public string AuditEntityName => "skill_wish";
}

internal static class AssessmentMethod
{
    public static readonly string[] All = ["exam", "practical", "observation", "self_declared"];
}

/// <summary>One assessment of an employee's skill; the latest one counts, all are kept.</summary>
internal sealed class SkillAssessment : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid SkillId { get; init; }

    public int Level { get; init; }

    public required string Method { get; init; }

    public required string Assessor { get; init; }

    public DateOnly AssessedOn { get; init; }

    public string? Evidence { get; init; }

    /// <summary>The course completion (or other record elsewhere) this was recorded for; revoking that withdraws this.</summary>
    public Guid? SourceId { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public DateTimeOffset RecordedAt { get; init; }

    public string AuditEntityName => "skill_assessment";
}

/// <summary>An operation or work centre (e.g. capsule filling) that can be gated like a post.</summary>
internal sealed class Operation : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Code { get; init; }

    public required string Name { get; set; }

    public Guid OrgUnitId { get; set; }

    public bool Active { get; set; } = true;

    public int Version { get; set; }

    public string AuditEntityName => "operation";
}

internal static class RequirementKind
{
    public const string Skill = "skill";
    public const string Training = "training";
    public const string Acknowledgement = "acknowledgement";

    /// <summary>Points earned in the last months (issue 21): a post such as team lead asks for them.</summary>
    public const string Points = "points";

    /// <summary>Continuing-education credits of the calendar year (issue 25): a nurse's post asks for 25 a year.</summary>
    public const string Credits = "credits";

    public static readonly string[] All = [Skill, Training, Acknowledgement, Points, Credits];
}

internal sealed class Requirement : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid? PositionId { get; init; }

    public Guid? OperationId { get; init; }

    public required string Kind { get; init; }

    public Guid? SkillId { get; init; }

    public int? MinLevel { get; init; }

    public Guid? DocumentId { get; init; }

    public int? MinPoints { get; init; }

    public int? PointsMonths { get; init; }

    public decimal? MinCredits { get; init; }

    /// <summary>The credits' category (see <c>LearningVocabularies.CreditCategory</c>), <c>class_1</c> for both class I kinds, or null for any.</summary>
    public string? CreditCategory { get; init; }

    public int? ValidityMonths { get; set; }

    /// <summary>When set, the requirement applies only to employees of this org unit's subtree.</summary>
    public Guid? OrgUnitId { get; init; }

    public bool Active { get; set; } = true;

    /// <summary>When the requirement was retired; it was in force from its creation until then.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "requirement";
}

/// <summary>Training on this other document (e.g. an external certificate) counts for the requirement.</summary>
internal sealed class RequirementEquivalent : IAuditedEntity
{
    public Guid RequirementId { get; init; }

    public Guid DocumentId { get; init; }

    public Guid Id => RequirementId;

    public string AuditEntityName => "requirement";
}

/// <summary>The requirement counts only once the prerequisite requirement is met.</summary>
internal sealed class RequirementPrerequisite : IAuditedEntity
{
    public Guid RequirementId { get; init; }

    public Guid PrerequisiteId { get; init; }

    public Guid Id => RequirementId;

    public string AuditEntityName => "requirement";
}

internal sealed class Completion : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid DocumentVersionId { get; init; }

    public DateOnly CompletedOn { get; init; }

    public string Result { get; init; } = "passed";

    public string? Evidence { get; init; }

    public Guid? EvidenceFileId { get; init; }

    public string Source { get; init; } = "manual";

    /// <summary>The course completion (or other record elsewhere) this was recorded for; revoking that withdraws this.</summary>
    public Guid? SourceId { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    public string AuditEntityName => "completion";
}

internal sealed class Acknowledgement : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid DocumentVersionId { get; init; }

    public DateTimeOffset AcknowledgedAt { get; init; }

    public string AuditEntityName => "acknowledgement";
}

internal sealed class OperationAssignment : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid OperationId { get; init; }

    public DateTimeOffset AssignedAt { get; init; }

    public Guid? OverrideId { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    public string AuditEntityName => "operation_assignment";
}

/// <summary>QA lets a person work a post or operation for a while without the qualification, with a signed reason.</summary>
internal sealed class Override : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid? PositionId { get; init; }

    public Guid? OperationId { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public Guid GrantedBy { get; init; }

    public DateTimeOffset GrantedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string AuditEntityName => "override";
}
