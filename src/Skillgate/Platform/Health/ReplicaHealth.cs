using Skillgate.Platform.Data;

namespace Skillgate.Platform.Health;

/// <summary>The standby reports read from: not configured, or reachable and how far behind (broken beyond the lag limit).</summary>
internal sealed class ReplicaHealth(ReplicaMonitor monitor, TimeProvider clock) : IHealthReporter
{
    public async Task<HealthItem> ReportAsync(bool probe, CancellationToken ct)
    {
        if (!monitor.Configured)
        {
            return new HealthItem("replica", null, "not configured (ConnectionStrings:Reports)", null);
        }

        var state = await monitor.StateAsync(ct);
        return !state.Reachable
            ? new HealthItem("replica", false, state.Error, clock.GetUtcNow())
            : new HealthItem("replica", state.LagSeconds <= monitor.MaxLag.TotalSeconds,
                $"lag {state.LagSeconds:0.0} s (limit {monitor.MaxLag.TotalSeconds:0} s), replayed {state.ReplayLsn}", clock.GetUtcNow());
    }
}
