using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Learning.Contracts;

/// <summary>The learning codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class LearningVocabularies
{
    public static readonly TextVocabulary AttemptStatus = new("attempt.status", "awaiting_grading", "expired", "graded", "in_progress");

    public static readonly TextVocabulary CompletionSource = new("learning.source", "classroom", "exam", "external", "online", "practical");

    public static readonly TextVocabulary CourseKind = new("course.kind", "classroom", "external", "on_the_job", "online", "practical");

    public static readonly TextVocabulary ExternalCreditStatus = new("credits.status", "approved", "rejected", "submitted");

    public static readonly TextVocabulary CreditSource = new("credits.source", "course", "external");

    public static readonly TextVocabulary CourseReviewAction = new("course.review", "approved", "reopened", "retired", "returned", "submitted");

    public static readonly TextVocabulary CourseStatus = new("course.status", "draft", "in_review", "published", "retired");

    public static readonly TextVocabulary InstructorKind = new("instructors.kind", "external", "internal");

    public static readonly TextVocabulary MaterialKind = new("material.kind", "document", "image", "video");

    public static readonly TextVocabulary PaperMode = new("papers.mode", "fixed", "rules");

    public static readonly TextVocabulary PracticalStep = new("learning.step", "done", "observe", "perform", "read", "signoff");

    public static readonly TextVocabulary QuestionImportColumn = new("learning.import", "answer", "course", "difficulty", "kind", "options", "skill", "stem", "tags");

    public static readonly TextVocabulary QuestionKind = new("learning.kind", "fill", "multiple", "short", "single", "true_false");

    public static readonly TextVocabulary RecommendationTier = new("learning.tier", "blocking", "colleagues", "need", "renewal", "skill", "wish");
}
