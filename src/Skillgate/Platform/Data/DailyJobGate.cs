using Dapper;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>Lets exactly one node run a daily job for a given day: the one whose row insert succeeds.</summary>
internal sealed class DailyJobGate(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<bool> TryClaimAsync(string job, DateOnly day, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO platform.job_run (job, run_on, started_at) VALUES (@job, @day::date, @now) ON CONFLICT DO NOTHING",
            new { job, day = day.ToDateTime(TimeOnly.MinValue), now = clock.GetUtcNow() }, cancellationToken: ct)) == 1;
    }

    /// <summary>Gives the day back after a failed run, so the next pass (on any node) tries again.</summary>
    public async Task ReleaseAsync(string job, DateOnly day, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM platform.job_run WHERE job = @job AND run_on = @day::date", new { job, day = day.ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct));
    }
}
