using System.Diagnostics.Metrics;

namespace Skillgate.Platform.Telemetry;

/// <summary>
/// The meter <c>Skillgate</c>: what the business does (check-ins, exam submissions) and how the background work goes (job runs,
/// their duration). Measurements cost nothing until a listener (the OpenTelemetry exporters, when configured) subscribes.
/// </summary>
internal static class SkillgateMetrics
{
    public const string MeterName = "Skillgate";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> CheckIns = Meter.CreateCounter<long>("skillgate.checkins", "{check-in}", "Check-ins and check-outs handled, by kind and outcome.");

    public static readonly Counter<long> ExamSubmissions = Meter.CreateCounter<long>("skillgate.exam_submissions", "{submission}", "Exam attempts submitted and graded.");

    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("skillgate.job_runs", "{run}", "Background job passes, by job and outcome.");

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("skillgate.job_duration", "s", "How long a background job pass took.");

    /// <summary>How long the oldest audit record has waited for its place in the chain, read when the metrics are collected.</summary>
    public static Func<double>? SequencerLag { get; set; }

    private static readonly ObservableGauge<double> SequencerLagGauge = Meter.CreateObservableGauge(
        "skillgate.audit.sequencer_lag", () => SequencerLag is { } read ? [new Measurement<double>(read())] : Array.Empty<Measurement<double>>(),
        "s", "Age of the oldest audit record not chained yet.");
}
