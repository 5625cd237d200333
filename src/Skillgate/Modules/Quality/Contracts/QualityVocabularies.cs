using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Contracts;

/// <summary>The quality codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class QualityVocabularies
{
    public static readonly TextVocabulary AttributionFilter = new("attribution.filter", "controllable", "decided", "uncontrollable", "undecided");

    public static readonly TextVocabulary Cause = new("quality.cause", "environment", "machine", "man", "material", "measurement", "method");

    public static readonly TextVocabulary ControlChartRule = new("metrics.rule", "1", "2", "3", "4");

    public static readonly TextVocabulary EvidenceKind = new("quality.evidence", "document", "downtime", "material_lot", "supervision_check");

    public static readonly TextVocabulary MetricDimension = new("metrics.dimension", "employee", "line", "operation", "team");

    public static readonly TextVocabulary MetricPeriod = new("metrics.period", "day", "month", "week");

    public static readonly TextVocabulary RecordKind = new("quality.kind", "complaints", "counts", "defects", "downtimes", "findings", "lots", "operations", "releases");

    public static readonly TextVocabulary Severity = new("quality.severity", "critical", "major", "minor");
}
