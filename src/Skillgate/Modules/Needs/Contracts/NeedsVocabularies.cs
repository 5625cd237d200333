using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Needs.Contracts;

/// <summary>The needs codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class NeedsVocabularies
{
    public static readonly TextVocabulary MappingKind = new("needs.mapping_kind", "checklist", "clause", "defect_type", "equipment");

    public static readonly TextVocabulary Priority = new("needs.priority", "high", "low", "medium");

    public static readonly TextVocabulary RuleKind = new("needs.kind", "audit_clause", "check_failures", "complaint", "control_chart", "planned_change", "self_declared", "trend");

    public static readonly TextVocabulary RulePeriod = new("needs.period", "month", "week");

    public static readonly TextVocabulary Source = new("needs.source", "attribution", "audit_clause", "check_failures", "complaint", "control_chart", "planned_change", "self_declared", "supervision", "survey", "trend");

    public static readonly TextVocabulary Status = new("needs.status", "accepted", "merged", "open", "rejected");

    public static readonly TextVocabulary SurveyKind = new("surveys.kind", "choice", "multi", "scale", "text");

    public static readonly TextVocabulary SurveyStatus = new("surveys.status", "closed", "draft", "open");
}
