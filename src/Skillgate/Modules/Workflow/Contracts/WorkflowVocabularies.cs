using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Workflow.Contracts;

/// <summary>The workflow codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class WorkflowVocabularies
{
    public static readonly TextVocabulary DefinitionStatus = new("wfdesign.status", "draft", "published", "retired");

    public static readonly TextVocabulary EscalationTarget = new("workflow.target", "director", "manager");

    public static readonly TextVocabulary FieldOption = new(
        "workflow.option", "bonus_factor", "commission", "document", "downtime", "environment", "fail", "machine", "man", "material", "material_lot", "measurement", "method", "no",
        "pass", "promotion", "supervision_check", "yes");

    public static readonly TextVocabulary FieldType = new("wfdesign.type", "batch", "choice", "course", "date", "file", "need", "number", "operation", "plan", "text", "textarea");

    public static readonly TextVocabulary HourKind = new("wfdesign.hour_kind", "calendar", "working");

    public static readonly TextVocabulary InstanceStatus = new("workflow.status", "completed", "open", "rejected");

    public static readonly TextVocabulary StepAction = new("wfdesign.action", "defect_dispute", "kpi_appeal", "moc_plan", "none");

    public static readonly TextVocabulary TaskOutcome = new("workflow.outcome", "approve", "reject", "return");

    public static readonly TextVocabulary Weekday = new("weekday", "1", "2", "3", "4", "5", "6", "7");
}
