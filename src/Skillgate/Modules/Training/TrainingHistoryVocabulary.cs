using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Training;

/// <summary>Rooms, sessions, plans and kiosks as change histories name them.</summary>
internal static class TrainingHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, name AS name_zh, name AS name_en FROM training.room WHERE id = ANY(@ids)
        UNION ALL SELECT id, title, title FROM training.session WHERE id = ANY(@ids)
        UNION ALL SELECT id, title, title FROM training.plan WHERE id = ANY(@ids)
        UNION ALL SELECT id, name, name FROM training.kiosk WHERE id = ANY(@ids)
        """);
}
