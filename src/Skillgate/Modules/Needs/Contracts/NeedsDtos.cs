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
    string Name, [property: AllowedValues("trend", "control_chart", "audit_clause", "complaint", "self_declared", "planned_change", "check_failures")] string Kind,
    [property: AllowedValues("week", "month")] string Period, int Periods, int Threshold, [property: AllowedValues("minor", "major", "critical")] string MinSeverity,
    [property: AllowedValues("high", "medium", "low")] string Priority, int DueDays, bool Active);

public sealed record RuleDto(Guid Id, string Name, string Kind, string Period, int Periods, int Threshold, string MinSeverity, string Priority, int DueDays, bool Active);

public sealed record MappingInput([property: AllowedValues("defect_type", "clause", "equipment", "checklist")] string Kind, string Key, Guid? CourseId, Guid? SkillId);

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

/// <summary>A question of a survey: a single choice, several choices, a scale of 1 to 5, or free text.</summary>
public sealed record SurveyQuestionInput([property: AllowedValues("choice", "multi", "scale", "text")] string Kind, string Text, IReadOnlyList<string>? Options, bool Required = true);

/// <summary>A survey as HR writes it: who is asked (people of these units, with their sub-units, and of these posts; none means all), and whether answers are anonymous.</summary>
public sealed record SurveyInput(
    string Title, string? Intro, bool Anonymous, IReadOnlyList<Guid>? OrgUnitIds, IReadOnlyList<Guid>? PositionIds, DateOnly? ClosesOn,
    IReadOnlyList<SurveyQuestionInput> Questions, int Version = 0);

public sealed record SurveyQuestionDto(Guid Id, int Ord, string Kind, string Text, IReadOnlyList<string> Options, bool Required);

public sealed record SurveySummary(Guid Id, string Title, string Status, bool Anonymous, DateOnly? ClosesOn, int Invited, int Answered, DateTimeOffset CreatedAt);

public sealed record SurveyDto(
    Guid Id, string Title, string Intro, bool Anonymous, string Status, IReadOnlyList<Guid> OrgUnitIds, IReadOnlyList<Guid> PositionIds, DateOnly? ClosesOn,
    IReadOnlyList<SurveyQuestionDto> Questions, int Invited, int Answered, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? OpenedAt, DateTimeOffset? ClosedAt, int Version);

/// <summary>One answer: the chosen options' indexes (from 0), the scale's value, or the text.</summary>
public sealed record SurveyAnswerInput(Guid QuestionId, IReadOnlyList<int>? Choices, int? Scale, string? Text);

public sealed record SurveyResponseInput(IReadOnlyList<SurveyAnswerInput> Answers);

/// <summary>A survey waiting for the caller's answer.</summary>
public sealed record SurveyToAnswer(Guid Id, string Title, bool Anonymous, DateOnly? ClosesOn, int Questions);

/// <summary>The answers of one group (the whole survey, a unit or a post): per option how many chose it, the scale's mean and spread, the texts.</summary>
public sealed record SurveyGroupResult(Guid? GroupId, string Label, int Responses, IReadOnlyList<int> OptionCounts, double? ScaleMean, IReadOnlyList<int> ScaleCounts);

public sealed record SurveyQuestionResult(Guid QuestionId, int Ord, string Kind, string Text, IReadOnlyList<string> Options, SurveyGroupResult All, IReadOnlyList<SurveyGroupResult> Groups, IReadOnlyList<SurveyTextAnswer> Texts);

public sealed record SurveyTextAnswer(string Text, string? Name, string Group);

/// <summary>
/// The results grouped by unit or by post. Groups of fewer than <see cref="MinGroup"/> answers of an anonymous survey are shown together
/// as one, so no one's answer can be picked out.
/// </summary>
public sealed record SurveyResults(Guid SurveyId, string Title, bool Anonymous, string By, int Invited, int Answered, int MinGroup, IReadOnlyList<SurveyQuestionResult> Questions);

/// <summary>Turns an answer into a need: the option of a choice question, for the people of one unit (or all who answered).</summary>
public sealed record SurveyNeedInput(Guid QuestionId, int Option, Guid? OrgUnitId, Guid? CourseId, [property: AllowedValues("high", "medium", "low")] string Priority, DateOnly DueOn);
