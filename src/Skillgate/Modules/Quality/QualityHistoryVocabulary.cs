using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Quality;

/// <summary>Batches and supervision checklists as change histories name them.</summary>
internal static class QualityHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, code AS name_zh, code AS name_en FROM quality.batch WHERE id = ANY(@ids)
        UNION ALL SELECT id, code || ' ' || title, code || ' ' || title FROM quality.checklist WHERE id = ANY(@ids)
        """);
}
