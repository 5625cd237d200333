using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Learning;

/// <summary>Courses, their materials, instructors and exam papers as change histories name them.</summary>
internal static class LearningHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, code || ' ' || title AS name_zh, code || ' ' || title AS name_en FROM learning.course WHERE id = ANY(@ids)
        UNION ALL SELECT id, title, title FROM learning.course_material WHERE id = ANY(@ids)
        UNION ALL SELECT id, name, name FROM learning.instructor WHERE id = ANY(@ids)
        UNION ALL SELECT id, title, title FROM learning.paper WHERE id = ANY(@ids)
        """);
}
