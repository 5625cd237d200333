using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Workflow.Contracts;

/// <summary>
/// A step of a workflow: who is responsible (a role, charged to a department function: the responsibility map), its time limit in
/// working or calendar hours, the escalation chain after the limit, its form, whether completing it needs an electronic signature,
/// the outcomes it allows (approve, reject, return to an earlier step listed in ReturnTo), and a built-in action run on approval
/// (moc_plan: the training plan for the positions the changed operation impacts). Consulted and Informed complete the RACI table.
/// </summary>
public sealed record StepDef(
    string Key, string NameZh, string NameEn, string Role, string Function, decimal? LimitHours, string HourKind, IReadOnlyList<EscalationDef> Escalation,
    IReadOnlyList<FieldDef> Form, bool Signature, IReadOnlyList<string> Outcomes, IReadOnlyList<string> ReturnTo, string? Action,
    IReadOnlyList<string> Consulted, IReadOnlyList<string> Informed);

/// <summary>A link of the escalation chain: so many hours (of the step's kind) after the limit, tell the manager or the director.</summary>
public sealed record EscalationDef(decimal AfterHours, string Target);

/// <summary>
/// A form field: text, textarea, number, date, choice (one of Options), file (an uploaded file's id), or a reference: operation,
/// course, batch (its code), need or plan.
/// </summary>
public sealed record FieldDef(string Key, string LabelZh, string LabelEn, string Type, bool Required, IReadOnlyList<string> Options);

public sealed record DefinitionSummary(Guid Id, string Code, string NameZh, string NameEn, bool Active, int? PublishedVersion, bool HasDraft, int OpenInstances);

public sealed record DefinitionVersionDto(Guid Id, int Number, string Status, IReadOnlyList<StepDef> Steps, string CreatedBy, DateTimeOffset CreatedAt, string? PublishedBy, DateTimeOffset? PublishedAt);

public sealed record DefinitionDto(Guid Id, string Code, string NameZh, string NameEn, bool Active, IReadOnlyList<DefinitionVersionDto> Versions);

/// <summary>The steps of the draft (created from the published version when there is none yet).</summary>
public sealed record DraftInput(IReadOnlyList<StepDef>? Steps);

public sealed record NewDefinitionInput(string? Code, string? NameZh, string? NameEn);

/// <summary>One row of a process's RACI table: the step, and the function responsible, accountable (its director), consulted and informed.</summary>
public sealed record RaciRow(string StepKey, string StepName, string Role, string Responsible, string Accountable, IReadOnlyList<string> Consulted, IReadOnlyList<string> Informed);

public sealed record CalendarDayDto(DateOnly Day, bool Working, string Name);

public sealed record CalendarDto(
    Guid Id, Guid? OrgUnitId, string? OrgUnitName, string Name, string TimeZone, TimeOnly DayStart, TimeOnly DayEnd, IReadOnlyList<int> Workdays, IReadOnlyList<CalendarDayDto> Days, int Version);

public sealed record CalendarInput(Guid? OrgUnitId, string? Name, string? TimeZone, TimeOnly DayStart, TimeOnly DayEnd, IReadOnlyList<int>? Workdays, int Version);

public sealed record CalendarDayInput(DateOnly Day, bool Working, string? Name);

public sealed record DirectorDto(Guid OrgUnitId, string OrgUnitName, string Function, Guid UserId, string UserName);

public sealed record DirectorInput(Guid OrgUnitId, string? Function, Guid UserId);

/// <summary>Start an instance of a definition's published version for an org unit, with the first step's form (the starter completes it).</summary>
public sealed record StartInput(string? Definition, Guid OrgUnitId, string? Title, IReadOnlyDictionary<string, string?>? Form, string? Comment);

/// <summary>
/// Complete the open task: the outcome, the step's form, a comment (required to reject or return), the step to return to, and for a
/// step that needs it the electronic signature (password re-entered and its meaning).
/// </summary>
public sealed record CompleteInput(
    [property: AllowedValues("approve", "reject", "return")] string? Outcome, IReadOnlyDictionary<string, string?>? Form, string? Comment, string? ReturnTo, string? Password = null, string? Meaning = null);

public sealed record NoteInput(string? Text, Guid? FileId);

public sealed record InstanceSummary(
    Guid Id, string Number, string DefinitionCode, string Title, string OrgUnitName, string Status, string? CurrentStep, string? CurrentRole, DateTimeOffset? DueAt, bool Overdue,
    DateTimeOffset StartedAt, DateTimeOffset? ClosedAt);

public sealed record TaskDto(
    Guid Id, string StepKey, string StepName, string Role, string Function, string Status, string? AssigneeName, DateTimeOffset ReceivedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? DoneAt, string? DoneByName, string? Outcome, string? Comment, IReadOnlyDictionary<string, string?> Form, bool SignatureGiven, DateTimeOffset? DueAt, bool Overdue,
    IReadOnlyList<EscalationDto> Escalations, SignatureDto? Signature = null);

/// <summary>Who signed a step electronically, with what meaning, and when.</summary>
public sealed record SignatureDto(string SignedBy, string Meaning, DateTimeOffset SignedAt);

public sealed record EscalationDto(int Level, string Target, IReadOnlyList<string> Recipients, DateTimeOffset At);

public sealed record NoteDto(Guid Id, string UserName, DateTimeOffset At, string Text, Guid? FileId);

public sealed record InstanceDto(
    Guid Id, string Number, Guid DefinitionId, string DefinitionCode, string DefinitionName, int DefinitionVersion, string Title, Guid OrgUnitId, string OrgUnitName,
    string Status, string StartedByName, DateTimeOffset StartedAt, DateTimeOffset? ClosedAt, IReadOnlyList<StepDef> Steps, IReadOnlyList<TaskDto> Tasks,
    IReadOnlyList<NoteDto> Notes, Guid? OpenTaskId, bool CanAct, IReadOnlyList<Guid> Plans, int Version);

public sealed record MyTaskDto(
    Guid TaskId, Guid InstanceId, string Number, string DefinitionCode, string Title, string StepName, DateTimeOffset ReceivedAt, DateTimeOffset? DueAt, bool Overdue, bool Claimed);

public sealed record BreachDto(
    Guid Id, Guid InstanceId, string Number, string Title, string StepKey, string Function, Guid OrgUnitId, string OrgUnitName, DateTimeOffset DueAt, DateTimeOffset RecordedAt,
    DateTimeOffset? DoneAt, decimal? HoursLate, string StepName);

/// <summary>Per department function: steps done on time and late, and the breaches still open (the KPI module's input).</summary>
public sealed record BreachSummary(string Function, int Breaches, int StillOpen, int DoneOnTime);
