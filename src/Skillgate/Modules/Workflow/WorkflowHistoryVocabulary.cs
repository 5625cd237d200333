using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Workflow;

/// <summary>Process definitions, instances, their tasks, steps, form fields and calendars as change histories name them.</summary>
internal static class WorkflowHistoryVocabulary
{
    public static readonly HistoryVocabulary Value = new(
        """
        SELECT id, number || ' ' || title AS name_zh, number || ' ' || title AS name_en FROM workflow.instance WHERE id = ANY(@ids)
        UNION ALL SELECT t.id, i.number || ' · ' || coalesce(s->>'nameZh', t.step_key), i.number || ' · ' || coalesce(s->>'nameEn', t.step_key)
          FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id JOIN workflow.definition_version v ON v.id = i.version_id
          LEFT JOIN LATERAL (SELECT s FROM jsonb_array_elements(v.steps) s WHERE s->>'key' = t.step_key LIMIT 1) step ON true
          WHERE t.id = ANY(@ids)
        UNION ALL SELECT id, name_zh, name_en FROM workflow.definition WHERE id = ANY(@ids)
        UNION ALL SELECT id, name, name FROM workflow.calendar WHERE id = ANY(@ids)
        """,
        """
        SELECT DISTINCT ON (s->>'key') 'step' AS field, s->>'key' AS code, s->>'nameZh' AS name_zh, s->>'nameEn' AS name_en
        FROM workflow.definition_version v, jsonb_array_elements(v.steps) s WHERE s->>'key' = ANY(@codes)
        """,
        """
        SELECT DISTINCT ON (f->>'key') f->>'key' AS key, f->>'labelZh' AS name_zh, f->>'labelEn' AS name_en
        FROM workflow.definition_version v, jsonb_array_elements(v.steps) s, jsonb_array_elements(s->'form') f WHERE f->>'key' = ANY(@keys)
        """,
        new Dictionary<string, string> { ["outcome"] = "workflow.outcome." });
}
