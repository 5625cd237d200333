namespace Skillgate.Platform.Health;

/// <summary>
/// One part of the system as the administrator's health page shows it: working (true), broken (false, with the reason) or
/// not tried yet (null), and when it was last checked.
/// </summary>
internal sealed record HealthItem(string Name, bool? Working, string? Reason, DateTimeOffset? CheckedAt);

/// <summary>A part of the system that reports its health; modules register theirs, the health page lists them all.</summary>
internal interface IHealthReporter
{
    /// <summary>The last known state, or (probe) the state after trying the part now.</summary>
    Task<HealthItem> ReportAsync(bool probe, CancellationToken ct);
}
