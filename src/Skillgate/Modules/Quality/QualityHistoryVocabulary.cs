using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Quality;

/// <summary>Batches, supervision checklists and defects as change histories name them.</summary>
internal static class QualityHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, code AS name_zh, code AS name_en FROM quality.batch WHERE id = ANY(@ids)
        UNION ALL SELECT id, code || ' ' || title, code || ' ' || title FROM quality.checklist WHERE id = ANY(@ids)
        UNION ALL SELECT id, external_id || ' ' || defect_type, external_id || ' ' || defect_type FROM quality.defect WHERE id = ANY(@ids)
        """);
}
