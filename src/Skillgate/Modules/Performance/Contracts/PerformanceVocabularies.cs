using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Performance.Contracts;

/// <summary>The KPI codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class PerformanceVocabularies
{
    public static readonly TextVocabulary Direction = new("kpi.direction", "higher", "lower");

    public static readonly TextVocabulary GoalStatus = new("goal.status", "behind", "met", "near", "no_data");

    public static readonly TextVocabulary Level = new("kpi.level", "company", "org_unit", "person", "position");

    public static readonly TextVocabulary Metric = new("kpi.metric", "defect_ppm", "defect_rate", "first_pass_yield", "material_reject_rate", "process_compliance", "rework_rate");

    public static readonly TextVocabulary Period = new("kpi.period", "month", "quarter", "year");

    public static readonly TextVocabulary PeriodStatus = new("kpi.period_status", "closed", "open");

    public static readonly TextVocabulary ResultKind = new("kpi.result_kind", "bonus_factor", "commission", "promotion");

    public static readonly TextVocabulary RecordKind = new("kpi.record", "check", "count", "defect", "lot");

    public static readonly TextVocabulary Unit = new("kpi.unit", "percent", "ppm");
}
