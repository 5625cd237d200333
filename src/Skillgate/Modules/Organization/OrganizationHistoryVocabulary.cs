using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Organization;

/// <summary>Org units, positions, shift groups and employees, and the unit-type and function lists, as change histories name them.</summary>
internal static class OrganizationHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, name AS name_zh, name AS name_en FROM org.org_unit WHERE id = ANY(@ids)
        UNION ALL SELECT id, name, name FROM org.position WHERE id = ANY(@ids)
        UNION ALL SELECT id, name, name FROM org.shift_group WHERE id = ANY(@ids)
        UNION ALL SELECT id, name || '（' || employee_no || '）', name || ' (' || employee_no || ')' FROM org.employee WHERE id = ANY(@ids)
        """,
        """
        SELECT 'unit_type' AS field, code, name_zh, name_en FROM org.unit_type WHERE code = ANY(@codes)
        UNION ALL SELECT 'functions', code, name_zh, name_en FROM org.function_tag WHERE code = ANY(@codes)
        """);
}
