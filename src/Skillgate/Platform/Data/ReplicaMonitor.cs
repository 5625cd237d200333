using System.Diagnostics;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Skillgate.Platform.Data;

/// <summary>
/// The standby reports may read from (<c>ConnectionStrings:Reports</c>, the application's role on a streaming replica) and how
/// far behind it is: caught up when it has replayed what the primary had written when asked, else the age of the last
/// transaction it replayed. Checked at most once a second, when a report asks; <c>Skillgate:Reports:MaxLagSeconds</c> (default 5)
/// is how far behind reports may be.
/// </summary>
internal sealed class ReplicaMonitor(IConfiguration configuration, IServiceProvider root) : IAsyncDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lazy<NpgsqlDataSource?> replica = new(() =>
        configuration.GetConnectionString("Reports") is { Length: > 0 } cs ? DatabaseRuntime.CreateDataSource(cs) : null);

    private (ReplicaState State, long At)? last;

    /// <param name="ReplayLsn">The position the standby had replayed when checked (null when it was not reachable).</param>
    public sealed record ReplicaState(bool Reachable, double LagSeconds, NpgsqlLogSequenceNumber? ReplayLsn, string? Error);

    public bool Configured => configuration.GetConnectionString("Reports") is { Length: > 0 };

    public TimeSpan MaxLag => TimeSpan.FromSeconds(configuration.GetValue("Skillgate:Reports:MaxLagSeconds", 5.0));

    public NpgsqlDataSource Replica => replica.Value ?? throw new InvalidOperationException("No standby is configured (ConnectionStrings:Reports).");

    /// <summary>The state as of at most a second ago. Freshness is measured on the monotonic clock: it is about this process's
    /// polling, not about plant time, and the lag itself comes from the servers' clocks.</summary>
    public async Task<ReplicaState> StateAsync(CancellationToken ct)
    {
        if (last is { } known && Stopwatch.GetElapsedTime(known.At) < Fresh)
        {
            return known.State;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (last is { } again && Stopwatch.GetElapsedTime(again.At) < Fresh)
            {
                return again.State;
            }

            var state = await MeasureAsync(ct);
            last = (state, Stopwatch.GetTimestamp());
            return state;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forget the state (a read found the standby gone): the next report measures again.</summary>
    public void Forget() => last = null;

    private async Task<ReplicaState> MeasureAsync(CancellationToken ct)
    {
        try
        {
            await using var primary = await root.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
            var written = await primary.ExecuteScalarAsync<NpgsqlLogSequenceNumber>(new CommandDefinition("SELECT pg_current_wal_lsn()", cancellationToken: ct));
            await using var standby = await Replica.OpenConnectionAsync(ct);
            var (recovering, replayed, age) = await standby.QuerySingleAsync<(bool, NpgsqlLogSequenceNumber?, double?)>(new CommandDefinition(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn(), extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8",
                cancellationToken: ct));
            var caughtUp = !recovering || replayed >= written;
            return new ReplicaState(true, caughtUp ? 0 : age ?? double.PositiveInfinity, recovering ? replayed : written, null);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return new ReplicaState(false, double.PositiveInfinity, null, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (replica.IsValueCreated && replica.Value is { } source)
        {
            await source.DisposeAsync();
        }

        gate.Dispose();
    }
}
