using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Needs;

/// <summary>Needs, planned changes and need rules as change histories name them.</summary>
internal static class NeedsHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, title AS name_zh, title AS name_en FROM needs.need WHERE id = ANY(@ids)
        UNION ALL SELECT id, title, title FROM needs.planned_change WHERE id = ANY(@ids)
        UNION ALL SELECT id, name, name FROM needs.rule WHERE id = ANY(@ids)
        """);
}
