namespace Skillgate.Modules.Performance.Contracts;

/// <summary>One version of a KPI: what it measures, how it is judged, and from which day it is in force.</summary>
public sealed record KpiVersionDto(
    Guid Id, int Version, DateOnly EffectiveFrom, string NameZh, string NameEn, string Metric, string Direction, string Unit, string Period, string Level,
    string? FunctionCode, decimal Target, string Note, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A KPI with its current version (the latest in force today, or the first when none is yet) and its history.</summary>
public sealed record KpiDefinitionDto(Guid Id, string Code, string Name, KpiVersionDto Current, IReadOnlyList<KpiVersionDto> Versions);

public sealed record KpiDefinitionSummary(Guid Id, string Code, string Name, string Metric, string Level, string Period, string Direction, string Unit, decimal Target, int Versions, DateOnly EffectiveFrom);

/// <summary>What a new KPI or a new version of one says; a new version leaves every earlier one, and every period scored with it, as it was.</summary>
public sealed record KpiVersionInput(
    string? NameZh, string? NameEn, string? Metric, string? Direction, string? Unit, string? Period, string? Level, string? FunctionCode, decimal? Target,
    DateOnly? EffectiveFrom, string? Note);

public sealed record KpiDefinitionInput(string? Code, KpiVersionInput? Version);

/// <summary>A metric Skillgate computes from its own data: what it divides by what.</summary>
public sealed record KpiMetricDto(string Code, string Name, string Numerator, string Denominator, string Direction, string Unit);

public sealed record KpiPeriodDto(
    Guid Id, string Kind, DateOnly StartsOn, DateOnly EndsOn, string Label, string Status, DateTimeOffset? ComputedAt, DateTimeOffset? AsOf, DateTimeOffset? ClosedAt,
    string? ClosedBy, string? InputsHash, long Scores, int Version);

public sealed record KpiPeriodInput(string? Kind, DateOnly? StartsOn);

public sealed record KpiCloseInput(string? Password, string? Meaning);

public sealed record KpiComputeResult(Guid PeriodId, int Definitions, int Scores, long Milliseconds);

/// <summary>A closed period scored again from the data as of its close with the versions then in force, compared with what was stored.</summary>
public sealed record KpiReproduction(Guid PeriodId, DateTimeOffset AsOf, int Stored, int Recomputed, bool Identical, string StoredHash, string RecomputedHash, IReadOnlyList<string> Differences);

public sealed record KpiScoreDto(
    Guid Id, Guid PeriodId, string PeriodLabel, string PeriodStatus, Guid DefinitionId, string DefinitionCode, int Version, string Name, string Metric, string Direction, string Unit,
    string SubjectKind, Guid SubjectId, string SubjectName, decimal Numerator, decimal Denominator, decimal? Value, decimal Target, bool? Met);

/// <summary>One record a score was computed from: what it is, when, and what it added to the numerator and the denominator.</summary>
public sealed record KpiRecordDto(string Kind, Guid Id, DateOnly On, string? Batch, string? Employee, string? Unit, string Detail, string? Cause, decimal Numerator, decimal Denominator);

/// <summary>A score and a page of the records it came from; the sums are over all of them (those the caller may see), beside the score's own figures.</summary>
public sealed record KpiDrillDown(KpiScoreDto Score, IReadOnlyList<KpiRecordDto> Records, long Total, int PageNumber, int PageSize, decimal SumNumerator, decimal SumDenominator);

/// <summary>
/// A new goal: its KPI for a subject (the company, an org unit, a position or a person, as the KPI's level says), the target —
/// given, or as a change in percent on the subject's score in a baseline period ("defect rate down 5 % on last year") — its
/// weight within its parent, and the window of periods it is judged over.
/// </summary>
public sealed record GoalInput(
    Guid? ParentId, string? Title, Guid? DefinitionId, Guid? SubjectId, decimal? Target, Guid? BaselinePeriodId, decimal? ChangePercent, decimal? Weight,
    DateOnly? StartsOn, DateOnly? DueOn, Guid? OwnerId, string? OwnerNo = null);

/// <summary>One value of a goal's KPI in a period of its window.</summary>
public sealed record GoalPoint(string Period, decimal? Value);

/// <summary>
/// A goal in its tree: the KPI's latest value in the window against the goal's target (achievement, 0–1), and the progress
/// rolled up from its children by weight (its own achievement when it has none). Status: met, near (≥ 90 %), behind, no_data.
/// </summary>
public sealed record GoalNode(
    Guid Id, Guid? ParentId, string Title, Guid DefinitionId, string DefinitionName, string Direction, string Unit, string SubjectKind, Guid SubjectId, string SubjectName,
    decimal Target, decimal? Baseline, decimal? ChangePercent, decimal Weight, DateOnly StartsOn, DateOnly DueOn, string? Owner, decimal? Value, decimal? Achievement,
    decimal? Progress, string Status, int Children, IReadOnlyList<GoalPoint> Trend, int Version);

public sealed record GoalTree(Guid RootId, IReadOnlyList<GoalNode> Nodes);

public sealed record GoalTemplateInput(string? Code, string? NameZh, string? NameEn, Guid? DefinitionId, string? Level, string? FunctionCode, Guid? PositionId, decimal? Target, decimal? Weight);

public sealed record GoalTemplateDto(Guid Id, string Code, string Name, Guid DefinitionId, string DefinitionName, string Level, string? FunctionCode, Guid? PositionId, string? PositionName, decimal Target, decimal Weight);

public sealed record ApplyTemplateInput(Guid? TemplateId);

public sealed record ApplyTemplateResult(Guid ParentId, Guid TemplateId, int Created, int AlreadyThere);

/// <summary>A rule turning a KPI's outcome into pay or promotion: met adds one delta, missed the other (a bonus factor of +0.10 is 10 % more bonus).</summary>
public sealed record ResultRuleDto(Guid Id, Guid DefinitionId, string Kind, decimal MetDelta, decimal MissedDelta, string Note, bool Active, DateTimeOffset CreatedAt, string CreatedBy);

public sealed record ResultRuleInput(string? Kind, decimal? MetDelta, decimal? MissedDelta, string? Note);

/// <summary>A rule as it applied to one person in a closed period: whose score (theirs, their unit's, their position's or the company's), met or missed, and the delta; or an upheld appeal's adjustment (subject kind "appeal").</summary>
public sealed record AppliedRule(string DefinitionCode, string DefinitionName, string SubjectKind, string SubjectName, decimal? Value, decimal Target, bool Met, string Kind, decimal Delta);

/// <summary>A person's own KPI in the period.</summary>
public sealed record PersonKpi(string DefinitionCode, string DefinitionName, string Unit, decimal? Value, decimal Target, bool? Met);

/// <summary>
/// What a closed period gives one person for payroll: their KPIs, every rule that applied to them (their own scores, their
/// unit's and its parents', their position's, the company's), and the totals: bonus factor (1 + the bonus deltas), the
/// commission coefficient change and the promotion points.
/// </summary>
public sealed record PersonResult(
    Guid EmployeeId, string EmployeeNo, string Name, string? OrgUnit, string? Position, IReadOnlyList<PersonKpi> Kpis, IReadOnlyList<AppliedRule> Rules,
    decimal BonusFactor, decimal Commission, decimal Promotion);

/// <summary>Why a person appeals one of their scores.</summary>
public sealed record AppealInput(string? Reason);

/// <summary>One of the caller's scores of a closed period that may still be appealed, until the day given.</summary>
public sealed record AppealableScore(Guid ScoreId, string DefinitionCode, string DefinitionName, string PeriodLabel, decimal? Value, decimal Target, bool? Met, DateOnly Until);

/// <summary>An appeal: its KPI-APPEAL workflow instance and the score it is about.</summary>
public sealed record KpiAppealDto(Guid InstanceId, string Number, string Title, string Status, DateTimeOffset StartedAt, DateTimeOffset? ClosedAt, Guid ScoreId);

/// <summary>The caller's appeal window (days after a close), the scores still open to appeal, and their appeals.</summary>
public sealed record KpiAppeals(int WindowDays, IReadOnlyList<AppealableScore> Open, IReadOnlyList<KpiAppealDto> Appeals);
