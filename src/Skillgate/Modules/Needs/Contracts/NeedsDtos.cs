using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Needs.Contracts;

public sealed record NeedSummary(
    Guid Id, string Source, string Title, string ScopeLabel, Guid? OrgUnitId, string Priority, DateOnly DueOn, string Status, int People, DateTimeOffset CreatedAt);

public sealed record NeedPerson(Guid EmployeeId, string EmployeeNo, string Name, string OrgUnitName);

public sealed record NeedDto(
    Guid Id, string Source, string Title, Guid? CourseId, string? CourseTitle, Guid? SkillId, string? SkillName, Guid? OrgUnitId, string ScopeLabel, string Why,
    System.Text.Json.JsonElement Evidence, string Priority, DateOnly DueOn, string Status, Guid? PlanId, Guid? MergedInto, string? DecisionReason, string? DecidedBy, DateTimeOffset? DecidedAt,
    DateTimeOffset CreatedAt, IReadOnlyList<NeedPerson> People, int Version);

public sealed record AcceptNeedInput(Guid PlanId, Guid? CourseId);

public sealed record MergeNeedInput(Guid IntoNeedId);

public sealed record RejectNeedInput(string? Reason);

public sealed record AnalysisResult(int Signals, int NeedsCreated, int NeedsUpdated, DateTimeOffset RanAt, long Milliseconds);

public sealed record RuleInput(
    string Name, [property: AllowedValues("trend", "control_chart", "audit_clause", "complaint", "self_declared", "planned_change")] string Kind,
    [property: AllowedValues("week", "month")] string Period, int Periods, int Threshold, [property: AllowedValues("minor", "major", "critical")] string MinSeverity,
    [property: AllowedValues("high", "medium", "low")] string Priority, int DueDays, bool Active);

public sealed record RuleDto(Guid Id, string Name, string Kind, string Period, int Periods, int Threshold, string MinSeverity, string Priority, int DueDays, bool Active);

public sealed record MappingInput([property: AllowedValues("defect_type", "clause", "equipment")] string Kind, string Key, Guid? CourseId, Guid? SkillId);

public sealed record MappingDto(Guid Id, string Kind, string Key, Guid? CourseId, string? CourseTitle, Guid? SkillId, string? SkillName);

public sealed record PlannedChangeInput(string Title, string Equipment, Guid OrgUnitId, DateOnly GoLiveOn, Guid? PositionId = null);

public sealed record PlannedChangeDto(Guid Id, string Title, string Equipment, Guid OrgUnitId, string OrgUnitName, DateOnly GoLiveOn, Guid? PositionId, string? PositionName);

public sealed record NeedCount(string Group, string Key, string Label, int Count);

/// <summary>
/// A need raised from elsewhere (a failed supervision check item, a defect QA attributed to its operator): who, what (a course, or a stable key such as "checklist:&lt;id&gt;"
/// when there is none), and why as a text key with its arguments.
/// </summary>
public sealed record RaisedNeed(
    string SignalKey, string What, string Title, Guid? CourseId, Guid? OrgUnitId, string ScopeLabel, string WhyKey, IReadOnlyList<string> WhyArgs, IReadOnlyList<Guid> Employees, DateOnly DueOn, string Source = "supervision");

public interface INeedIntake
{
    Task RaiseAsync(RaisedNeed need, CancellationToken ct);
}

/// <summary>An open or accepted need naming a person: what it calls for and why, in the reader's language.</summary>
public sealed record PersonNeed(Guid NeedId, Guid? CourseId, Guid? SkillId, string Reason, DateOnly DueOn, DateOnly CreatedOn);

/// <summary>The needs that name one person, for the recommendations built on them; the caller has already checked it may see the person.</summary>
public interface INeedsOfPerson
{
    Task<IReadOnlyList<PersonNeed>> ForEmployeeAsync(Guid employeeId, CancellationToken ct);
}
