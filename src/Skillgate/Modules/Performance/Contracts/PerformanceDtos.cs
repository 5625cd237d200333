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
