using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Competence;

/// <summary>Skills and operations as change histories name them.</summary>
internal static class CompetenceHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, code || ' ' || name AS name_zh, code || ' ' || name AS name_en FROM competence.skill WHERE id = ANY(@ids)
        UNION ALL SELECT id, code || ' ' || name, code || ' ' || name FROM competence.operation WHERE id = ANY(@ids)
        """);
}
