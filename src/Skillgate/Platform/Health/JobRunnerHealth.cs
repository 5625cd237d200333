using Dapper;
using Npgsql;

namespace Skillgate.Platform.Health;

/// <summary>
/// The job runner: broken when a job's newest run failed, or when one is overdue by more than two periods and two minutes (no node
/// runs the jobs); not tried before any job has run.
/// </summary>
internal sealed class JobRunnerHealth(NpgsqlDataSource dataSource, TimeProvider clock) : IHealthReporter
{
    public async Task<HealthItem> ReportAsync(bool probe, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<(long Jobs, string? Failed, string? Overdue)>(new CommandDefinition(
            """
            SELECT count(*),
                   string_agg(job, ', ' ORDER BY job) FILTER (WHERE last_outcome = 'failed'),
                   string_agg(job, ', ' ORDER BY job) FILTER (WHERE next_run_at + make_interval(secs => 2 * every_seconds + 120) < @now)
            FROM platform.job_status
            """, new { now }, cancellationToken: ct));
        return row switch
        {
            { Jobs: 0 } => new HealthItem("job_runner", null, null, null),
            { Failed: { } failed } => new HealthItem("job_runner", false, $"failed: {failed}", now),
            { Overdue: { } overdue } => new HealthItem("job_runner", false, $"overdue: {overdue}", now),
            _ => new HealthItem("job_runner", true, $"{row.Jobs} jobs", now),
        };
    }
}
