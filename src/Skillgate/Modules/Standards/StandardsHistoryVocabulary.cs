using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Standards;

/// <summary>Controlled documents and their versions as change histories name them.</summary>
internal static class StandardsHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, code || ' ' || title AS name_zh, code || ' ' || title AS name_en FROM standards.document WHERE id = ANY(@ids)
        UNION ALL SELECT v.id, d.code || ' v' || v.major || '.' || v.minor, d.code || ' v' || v.major || '.' || v.minor
          FROM standards.document_version v JOIN standards.document d ON d.id = v.document_id WHERE v.id = ANY(@ids)
        """);
}
