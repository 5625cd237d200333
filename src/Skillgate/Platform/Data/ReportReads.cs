using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Skillgate.Platform.Data;

/// <summary>
/// Where analytics, exports and dashboards read: the standby when one is configured, within the lag limit, and — for a caller who
/// just wrote — replayed past that caller's last write position (<see cref="WritePosition"/>); otherwise the primary. Either
/// way the connection carries the caller's data scope. The answer says which served it (<see cref="Header"/>).
/// </summary>
internal sealed class ReportReads(NpgsqlDataSource primary, ReplicaMonitor monitor, IHttpContextAccessor http)
{
    public const string Header = "X-Skillgate-Read-From";

    public async ValueTask<NpgsqlConnection> OpenScopedAsync(CancellationToken ct)
    {
        if (await TryReplicaAsync(ct) is { } standby)
        {
            Mark("replica");
            return standby;
        }

        Mark("primary");
        return await primary.OpenScopedAsync(ct);
    }

    /// <summary>A report the caller is entitled to by what they hold rather than by who they are (see <see cref="SqlScope.OpenSystemAsync"/>).</summary>
    public async ValueTask<NpgsqlConnection> OpenSystemAsync(CancellationToken ct)
    {
        using var system = SqlScope.AsSystem();
        return await OpenScopedAsync(ct);
    }

    private async Task<NpgsqlConnection?> TryReplicaAsync(CancellationToken ct)
    {
        if (!monitor.Configured)
        {
            return null;
        }

        var state = await monitor.StateAsync(ct);
        if (!state.Reachable || state.LagSeconds > monitor.MaxLag.TotalSeconds)
        {
            return null;
        }

        NpgsqlConnection? connection = null;
        try
        {
            connection = await monitor.Replica.OpenScopedAsync(ct);
            if (WritePosition.Of(http.HttpContext) is { } mine && !(state.ReplayLsn >= mine) && !await ReplayedAsync(connection, mine, ct))
            {
                await connection.DisposeAsync();
                return null;
            }

            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            monitor.Forget();
            return null;
        }
    }

    private static Task<bool> ReplayedAsync(NpgsqlConnection connection, NpgsqlLogSequenceNumber mine, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT coalesce(pg_last_wal_replay_lsn() >= @mine::pg_lsn, true)", new { mine = mine.ToString() }, cancellationToken: ct));

    private void Mark(string source)
    {
        if (http.HttpContext is { Response.HasStarted: false } context)
        {
            context.Response.Headers[Header] = source;
        }
    }
}
