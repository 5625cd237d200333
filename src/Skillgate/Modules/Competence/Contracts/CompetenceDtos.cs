using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Competence.Contracts;

public sealed record SkillDto(Guid Id, string Code, string Name, Guid? ParentId, int MaxLevel, IReadOnlyList<string> LevelDescriptions, bool Active, int Depth);

public sealed record SkillInput(string Code, string Name, Guid? ParentId, int MaxLevel, IReadOnlyList<string>? LevelDescriptions);

public sealed record AssessmentInput(Guid SkillId, int Level, [property: AllowedValues("exam", "practical", "observation", "self_declared")] string Method, DateOnly AssessedOn, string? Evidence);

public sealed record AssessmentDto(Guid Id, Guid SkillId, string SkillName, int Level, string Method, string Assessor, DateOnly AssessedOn, string? Evidence);

public sealed record SkillWishInput(Guid SkillId, string? Note);

public sealed record SkillWishDto(Guid Id, Guid SkillId, string SkillName, string? Note, DateTimeOffset CreatedAt);

/// <summary>A document version the employee must read and acknowledge, and by when.</summary>
public sealed record PendingAcknowledgement(Guid DocumentVersionId, string Document, DateOnly? DueOn);

public sealed record OperationDto(Guid Id, string Code, string Name, Guid OrgUnitId, string OrgUnitName, bool Active);

public sealed record OperationInput(string Code, string Name, Guid OrgUnitId);

/// <summary>A requirement of a position or an operation: kind skill (skillId, minLevel), training or acknowledgement (documentId).</summary>
public sealed record RequirementInput(
    Guid? PositionId, Guid? OperationId, string Kind, Guid? SkillId, int? MinLevel, Guid? DocumentId, int? ValidityMonths,
    Guid? OrgUnitId = null, IReadOnlyList<Guid>? EquivalentDocumentIds = null, IReadOnlyList<Guid>? PrerequisiteIds = null, int? MinPoints = null, int? PointsMonths = null,
    decimal? MinCredits = null, [property: AllowedValues(null, "class_1", "class_1_national", "class_1_provincial", "class_2")] string? CreditCategory = null);

public sealed record RequirementDto(
    Guid Id, Guid? PositionId, Guid? OperationId, string Kind, Guid? SkillId, int? MinLevel, Guid? DocumentId, int? ValidityMonths, string Label,
    Guid? OrgUnitId, IReadOnlyList<Guid> EquivalentDocumentIds, IReadOnlyList<Guid> PrerequisiteIds, int? MinPoints = null, int? PointsMonths = null,
    decimal? MinCredits = null, string? CreditCategory = null);

/// <summary>Training completed on one document version, recorded by HR (later by exams and sessions).</summary>
public sealed record CompletionInput(Guid EmployeeId, Guid DocumentVersionId, DateOnly CompletedOn, string? Result = null, string? Evidence = null, Guid? EvidenceFileId = null);

public sealed record QualificationDto(Guid EmployeeId, Guid RequirementId, string Requirement, string Status, DateOnly? ValidUntil, DateOnly? DueOn, string? TrainedOnVersion, bool Overridden);

public sealed record UnmetRequirement(Guid RequirementId, string Requirement, string Status, DateOnly? DueOn)
{
    /// <summary>For a points requirement: what the person has and how many they lack.</summary>
    public string? Shortfall { get; init; }
}

/// <summary>The gate's answer: qualified or not, with every unmet requirement; an override in force lets an unqualified person through.</summary>
public sealed record GateResult(bool Qualified, bool Allowed, IReadOnlyList<UnmetRequirement> Unmet, Guid? OverrideId, string Message);

public sealed record AssignmentInput(Guid EmployeeId);

/// <summary>Someone who works an operation now: since when, and under which override if they were let on without the qualification.</summary>
public sealed record OperationAssignmentDto(Guid EmployeeId, string EmployeeNo, string EmployeeName, DateTimeOffset AssignedAt, Guid? OverrideId);

public sealed record OverrideInput(Guid EmployeeId, Guid? PositionId, Guid? OperationId, string Reason, DateTimeOffset ExpiresAt, string? Password, string? Meaning);

public sealed record OverrideDto(Guid Id, Guid EmployeeId, string EmployeeName, Guid? PositionId, Guid? OperationId, string Target, string Reason, DateTimeOffset ExpiresAt, string GrantedBy, DateTimeOffset GrantedAt, bool Active);

public sealed record MatrixColumn(Guid RequirementId, string Label);

public sealed record MatrixRow(Guid EmployeeId, string EmployeeNo, string Name, string OrgUnitName, string? PositionName, IReadOnlyDictionary<Guid, MatrixCell> Cells);

/// <summary>One person's standing on one requirement; <see cref="Shortfall"/> says what a credits requirement still lacks this year.</summary>
public sealed record MatrixCell(string Status, DateOnly? ValidUntil, DateOnly? DueOn, string? Version, string? Shortfall = null);

public sealed record Matrix(IReadOnlyList<MatrixColumn> Columns, IReadOnlyList<MatrixRow> Rows, long TotalEmployees);

public sealed record GapRow(Guid EmployeeId, string EmployeeNo, string Name, string OrgUnitName, string Requirement, string Status, DateOnly? DueOn);

/// <summary>The employee's password, re-entered as the signature of an acknowledgement.</summary>
public sealed record AcknowledgeInput(string? Password);

public sealed record AssignPositionInput(Guid EmployeeId, DateOnly EffectiveOn);

/// <summary>
/// What a finished course proves: training on exact document versions and skill levels, with its evidence. SourceId names the
/// course completion it came from, so revoking that completion withdraws what it proved.
/// </summary>
public sealed record TrainingOutcome(
    Guid EmployeeId, DateOnly CompletedOn, IReadOnlyList<Guid> DocumentVersionIds, IReadOnlyList<SkillOutcome> Skills, string Method, string Evidence, Guid? EvidenceFileId,
    Guid? SourceId = null);

public sealed record SkillOutcome(Guid SkillId, int Level);

/// <summary>
/// The competence contract the learning and training modules complete courses through: the employee becomes qualified on the
/// versions and skills the course covers. Runs inside the caller's transaction and saves the caller's pending changes with its own.
/// </summary>
public interface ICompetenceRecorder
{
    Task RecordAsync(TrainingOutcome outcome, CancellationToken ct);

    /// <summary>
    /// Withdraws what was recorded for a source (a revoked course completion): it no longer counts from now on, so the
    /// employee's statuses return to what they would be without it (with a history entry); standings before now keep it.
    /// </summary>
    Task RevokeAsync(Guid employeeId, Guid sourceId, string reason, CancellationToken ct);
}

/// <summary>The skill catalogue as other modules see it (courses raise skills).</summary>
public interface ISkillCatalog
{
    Task<IReadOnlyList<SkillDto>> ListAsync(CancellationToken ct);
}

/// <summary>An operation someone worked, in which org unit they were then, and when: what the batch trace asks the qualification history about.</summary>
public sealed record WorkedOperation(Guid EmployeeId, Guid OperationId, Guid OrgUnitId, DateTimeOffset At);

/// <summary>
/// A requirement of the operation as it stood for the operator at that moment, and the document version they were trained on
/// then. RevokedOn and RevokedReason say that the completion it stood on was revoked later (the standing then is kept).
/// </summary>
public sealed record RequirementAt(Guid RequirementId, string Requirement, string Status, string? TrainedOnVersion, DateOnly? RevokedOn = null, string? RevokedReason = null);

/// <summary>
/// Whether the operator was qualified for the operation at that moment (every requirement qualified or expiring then), and the
/// override in force then, if any. Later training does not change the answer: it is read from the history.
/// </summary>
public sealed record StandingAt(bool Qualified, string? OverrideReason, IReadOnlyList<RequirementAt> Requirements);

public interface IQualificationHistory
{
    /// <summary>One standing per item, in the same order.</summary>
    Task<IReadOnlyList<StandingAt>> StandingsAsync(IReadOnlyList<WorkedOperation> worked, CancellationToken ct);
}

/// <summary>
/// Points requirements are judged on the ledger: the points module says whose points changed (an award, a reversal, a
/// correction), and their stored statuses of points requirements are brought up to date in the caller's transaction.
/// </summary>
public interface IPointsStandingRefresh
{
    Task RefreshAsync(IReadOnlyCollection<Guid> employees, CancellationToken ct);
}

/// <summary>
/// Credits requirements are judged on the learning records: the learning module says whose credits changed (an external credit
/// approved), and their stored statuses of credits requirements are brought up to date in the caller's transaction.
/// </summary>
public interface ICreditsStandingRefresh
{
    Task RefreshAsync(IReadOnlyCollection<Guid> employees, CancellationToken ct);
}
