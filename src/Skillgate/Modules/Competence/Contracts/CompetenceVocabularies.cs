using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Competence.Contracts;

/// <summary>The competence codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class CompetenceVocabularies
{
    public static readonly TextVocabulary AssessmentMethod = new("method", "exam", "observation", "points", "practical", "self_declared");

    public static readonly TextVocabulary QualificationStatus = new("qualification", "expired", "expiring", "not_trained", "qualified", "retraining_required");

    public static readonly TextVocabulary RequirementKind = new("requirements.kind", "acknowledgement", "credits", "points", "skill", "training");

    /// <summary>Continuing-education credit categories (继续教育学分): a course's or an external credit's, and class_1 (either class I kind) for a requirement.</summary>
    public static readonly TextVocabulary CreditCategory = new("credits.category", "class_1", "class_1_national", "class_1_provincial", "class_2");
}
