namespace Skillgate.Modules.Admin.Contracts;

/// <summary>
/// A background job as the jobs page shows it: its period, its newest run on any node (null before the first), the next run
/// that node planned, and how many runs have failed.
/// </summary>
public sealed record JobDto(
    string Name, double EverySeconds, DateTimeOffset? LastStartedAt, double? LastDurationMs, string? LastOutcome, string? LastError,
    string? LastNode, DateTimeOffset? NextRunAt, long Failures, DateTimeOffset? LastFailedAt);

public sealed record JobFailureDto(Guid Id, string Job, string Node, DateTimeOffset StartedAt, double DurationMs, string Error);
