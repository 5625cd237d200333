namespace Skillgate.Platform.Audit;

/// <summary>Users, stored files, electronic signatures, API keys and chat robots as they are named in change histories.</summary>
internal static class PlatformHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, display_name AS name_zh, display_name AS name_en FROM auth.app_user WHERE id = ANY(@ids)
        UNION ALL SELECT id, file_name, file_name FROM platform.stored_file WHERE id = ANY(@ids)
        UNION ALL SELECT s.id, u.display_name || '：' || s.meaning, u.display_name || ': ' || s.meaning
          FROM platform.e_signature s JOIN auth.app_user u ON u.id = s.user_id WHERE s.id = ANY(@ids)
        UNION ALL SELECT id, name, name FROM auth.api_key WHERE id = ANY(@ids)
        UNION ALL SELECT id, name, name FROM platform.webhook WHERE id = ANY(@ids)
        """,
        CodeTexts: new Dictionary<string, string> { ["entity_type"] = "history.entity." });
}
