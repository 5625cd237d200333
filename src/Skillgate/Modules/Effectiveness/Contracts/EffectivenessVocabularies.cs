using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Effectiveness.Contracts;

/// <summary>The effectiveness codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class EffectivenessVocabularies
{
    public static readonly TextVocabulary Outcome = new("effect.outcome", "complaint_rate", "defect_rate", "rework_rate", "supervision_pass_rate");

    public static readonly TextVocabulary PeriodKind = new("effect.period_kind", "month", "week");

    public static readonly TextVocabulary Unit = new("effect.unit", "line", "person");

    public static readonly TextVocabulary Verdict = new("effect.verdict", "higher", "insufficient", "lower", "no_effect");

    public static readonly TextVocabulary Shortfall = new("effect.shortfall", "clusters", "controls", "power", "treated");

    public static readonly TextVocabulary CostKind = new("effect.cost_kind", "defect", "instructor_hour", "labour_hour");

    public static readonly TextVocabulary Format = new("effect.format", "classroom", "exam", "external", "online", "practical");

    public static readonly TextVocabulary Covariate = new("effect.covariate", "pre_outcome", "tenure");

    public static readonly TextVocabulary Dimension = new("effect.dimension", "department", "format", "instructor");

    /// <summary>What the counts in a verdict count: people or lines.</summary>
    public static readonly TextVocabulary Counted = new("effect.units", "line", "person");

    /// <summary>Where the comparison people come from and are matched within: the trained people's operations, workshops, or the whole scope.</summary>
    public static readonly TextVocabulary Within = new("effect.within", "any", "operation", "workshop");

    public static readonly TextVocabulary Estimator = new("effect.estimator", "before_after", "staggered", "two_way");
}
