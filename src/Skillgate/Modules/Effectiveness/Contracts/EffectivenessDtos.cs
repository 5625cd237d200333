namespace Skillgate.Modules.Effectiveness.Contracts;

/// <summary>
/// What to evaluate: a course (optionally one revision of it, a set of its sessions, or an accepted need's people), over a
/// period, in an org unit's scope, on one outcome; the options have the defaults of <c>AnalysisOptions</c>.
/// </summary>
public sealed record EvaluationInput(
    Guid CourseId,
    DateOnly From,
    DateOnly To,
    Guid? OrgUnitId = null,
    string PeriodKind = "week",
    string Outcome = "defect_rate",
    int? Revision = null,
    IReadOnlyList<Guid>? SessionIds = null,
    Guid? NeedId = null,
    string? Title = null,
    EvaluationSettings? Settings = null);

/// <summary>How the statistics are run; each null takes the default.</summary>
public sealed record EvaluationSettings(
    int? PreWindow = null,
    int? PostWindow = null,
    int? BaseWindow = null,
    int? Neighbours = null,
    double? Caliper = null,
    int? MinimumTreated = null,
    int? MinimumControls = null,
    double? WorthDetecting = null,
    int? Permutations = null,
    string? Trend = null,
    int? HorizonMonths = null,
    string? Within = null);

public sealed record EvaluationSummary(
    Guid Id, string Title, Guid CourseId, string CourseTitle, string OrgUnitName, DateOnly From, DateOnly To, string Outcome, string UnitOfAnalysis,
    string Verdict, double? Effect, double? Lower, double? Upper, int Treated, int Controls, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record EstimateDto(double Estimate, double StandardError, double Lower, double Upper, double P);

public sealed record EventDto(int EventTime, double Estimate, double Lower, double Upper, int Treated);

public sealed record BalanceDto(string Covariate, double TreatedMean, double ControlMeanBefore, double SmdBefore, double ControlMeanAfter, double SmdAfter);

/// <summary>The default estimate for one group of the trained (an instructor, a format, a department): null when it has too little data.</summary>
public sealed record DiagnosticDto(string Dimension, string Key, string Label, int Treated, EstimateDto? Effect, string Verdict, double? Participation, double? ExamScore);

/// <summary>Kirkpatrick's levels for the trained: reaction (feedback), learning (first exam attempt), behaviour (supervision checks before and after).</summary>
public sealed record LevelsDto(
    int FeedbackCount, double? ContentRating, double? ApplicabilityRating, int ExamCount, double? FirstAttemptScore, double? FirstAttemptPassRate,
    int ChecksBefore, double? PassRateBefore, int ChecksAfter, double? PassRateAfter);

/// <summary>Cost vs saving (Phillips ROI), each benefit figure with the interval carried from the effect's.</summary>
public sealed record RoiDto(
    int Participants, decimal ParticipantCost, decimal LabourCost, decimal InstructorCost, decimal Cost, double UnitsPerPeriod, int HorizonPeriods, decimal CostPerDefect,
    RangeDto DefectsAvoided, RangeDto Benefit, RangeDto NetBenefit, RangeDto? RoiPercent, RangeDto? BenefitCostRatio);

public sealed record RangeDto(double Value, double Lower, double Upper);

public sealed record EvaluationResultDto(
    string UnitOfAnalysis,
    string Estimator,
    EstimateDto? Effect,
    EstimateDto? Relative,
    double? Counterfactual,
    string Verdict,
    string? Shortfall,
    double Power,
    double WorthDetecting,
    int Treated,
    int Controls,
    int TreatedUnmatched,
    int Units,
    int Periods,
    IReadOnlyList<string> PeriodLabels,
    IReadOnlyList<EventDto> EventStudy,
    double? PreTrendP,
    EstimateDto? TwoWay,
    EstimateDto? BeforeAfter,
    EstimateDto? Placebo,
    double? PermutationP,
    IReadOnlyList<BalanceDto> Balance,
    IReadOnlyList<DiagnosticDto> Diagnostics,
    bool HighScoresNoChange,
    LevelsDto Levels,
    RoiDto? Roi);

public sealed record EvaluationDto(
    Guid Id, string Title, Guid CourseId, string CourseTitle, int? Revision, IReadOnlyList<Guid> SessionIds, Guid? NeedId, Guid OrgUnitId, string OrgUnitName,
    DateOnly From, DateOnly To, string PeriodKind, string Outcome, EvaluationSettings Settings, string InputsSha256, string CreatedBy, DateTimeOffset CreatedAt,
    int Milliseconds, EvaluationResultDto Result);

/// <summary>A re-run of a stored evaluation on its stored inputs: whether it gives the stored result.</summary>
public sealed record ReproductionDto(bool Identical, string InputsSha256, EstimateDto? Stored, EstimateDto? Recomputed);

public sealed record CostRateDto(Guid Id, string Kind, Guid? OrgUnitId, string? OrgUnitName, Guid? PositionId, string? PositionName, string? DefectType, decimal Amount, string UpdatedBy, DateTimeOffset UpdatedAt);

public sealed record CostRateInput(string Kind, decimal Amount, Guid? OrgUnitId = null, Guid? PositionId = null, string? DefectType = null);
