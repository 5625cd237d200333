using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Performance.Contracts;

/// <summary>The KPI codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class PerformanceVocabularies
{
    public static readonly TextVocabulary Direction = new("kpi.direction", "higher", "lower");

    public static readonly TextVocabulary GoalStatus = new("goal.status", "behind", "met", "near", "no_data");

    public static readonly TextVocabulary Level = new("kpi.level", "company", "org_unit", "person", "position");

    public static readonly TextVocabulary Metric = new(
        "kpi.metric", "attendance_rate", "capa_on_time", "complaint_timeliness", "defect_ppm", "defect_rate", "first_pass_yield", "material_reject_rate",
        "missed_inspection_rate", "process_compliance", "qualification_coverage", "rework_rate", "step_timeliness", "training_completion");

    public static readonly TextVocabulary Period = new("kpi.period", "month", "quarter", "year");

    public static readonly TextVocabulary PeriodStatus = new("kpi.period_status", "closed", "open");

    public static readonly TextVocabulary ResultKind = new("kpi.result_kind", "bonus_factor", "commission", "promotion");

    public static readonly TextVocabulary RecordKind = new("kpi.record", "attendance", "capa", "check", "count", "defect", "lot", "release", "result", "standing", "step");

    /// <summary>What a record of the loop's KPIs stood at (a defect's cause is the quality module's 5M1E instead).</summary>
    public static readonly TextVocabulary RecordState = new(
        "kpi.state", "absent", "attended", "clean", "completed", "escaped", "expired", "expiring", "late", "not_completed", "not_trained", "on_time", "overdue",
        "pending_review", "qualified", "retraining_required");

    public static readonly TextVocabulary Unit = new("kpi.unit", "percent", "ppm");
}
