using Skillgate.Modules.Effectiveness.Statistics;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// A checked evaluation input: the subject, the period (whole weeks or months), the scope, where the comparison comes from
/// (<see cref="Contracts.EffectivenessVocabularies.Within"/>) and the statistics' options.
/// </summary>
internal sealed record EvaluationRequest(
    Guid CourseId,
    int? Revision,
    IReadOnlyList<Guid> SessionIds,
    Guid? NeedId,
    Guid OrgUnitId,
    DateOnly From,
    DateOnly To,
    string PeriodKind,
    string Outcome,
    AnalysisOptions Options,
    int HorizonMonths,
    string Within = "operation")
{
    public object Arguments() => new
    {
        course = CourseId,
        revision = Revision,
        sessions = SessionIds.ToArray(),
        need = NeedId,
        scope = OrgUnitId,
        from = From.ToDateTime(TimeOnly.MinValue),
        to = To.ToDateTime(TimeOnly.MinValue),
        fromAt = From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        toAt = To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        period = PeriodKind,
    };

    /// <summary>Periods the cost-vs-saving horizon spans.</summary>
    public int HorizonPeriods => PeriodKind == "week" ? (int)Math.Round(HorizonMonths * 52 / 12.0) : HorizonMonths;
}
