using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Competence.Contracts;

/// <summary>The competence codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class CompetenceVocabularies
{
    public static readonly TextVocabulary AssessmentMethod = new("method", "exam", "observation", "points", "practical", "self_declared");

    public static readonly TextVocabulary QualificationStatus = new("qualification", "expired", "expiring", "not_trained", "qualified", "retraining_required");

    public static readonly TextVocabulary RequirementKind = new("requirements.kind", "acknowledgement", "points", "skill", "training");
}
