using Dapper;
using Npgsql;
using Skillgate.Modules.Admin.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Jobs;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.Jobs;

/// <summary>Every registered background job with its newest run, the failures, and a run on demand on this node.</summary>
internal sealed class JobQueries(IEnumerable<IBackgroundJob> jobs, JobRuns runs, NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<JobDto>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<StatusRow>(new CommandDefinition(
            """
            SELECT job AS Name, last_started_at AS LastStartedAt, last_duration_ms AS LastDurationMs, last_outcome AS LastOutcome,
                   last_error AS LastError, last_node AS LastNode, next_run_at AS NextRunAt, failures AS Failures, last_failed_at AS LastFailedAt
            FROM platform.job_status
            """, cancellationToken: ct))).ToDictionary(r => r.Name, StringComparer.Ordinal);
        return jobs.Select(j => rows.TryGetValue(j.Name, out var row) ? row.ToDto(j.Every) : new JobDto(j.Name, j.Every.TotalSeconds, null, null, null, null, null, null, 0, null))
            .OrderBy(j => j.LastOutcome == "failed" ? 0 : 1).ThenBy(j => j.Name, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<Page<JobFailureDto>> FailuresAsync(string? job, PageRequest page, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var args = new { job, skip = page.Skip, take = page.Size };
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM platform.job_failure WHERE @job::text IS NULL OR job = @job", args, cancellationToken: ct));
        var items = await connection.QueryAsync<FailureRow>(new CommandDefinition(
            """
            SELECT id, job, node, started_at AS StartedAt, duration_ms AS DurationMs, error FROM platform.job_failure
            WHERE @job::text IS NULL OR job = @job ORDER BY started_at DESC, id DESC OFFSET @skip LIMIT @take
            """, args, cancellationToken: ct));
        return new Page<JobFailureDto>(items.Select(f => f.ToDto()).ToList(), total, page.Number, page.Size);
    }

    /// <summary>Runs the job's pass now on this node, recorded like a scheduled one; a failure is recorded, not thrown.</summary>
    public async Task<JobDto> RunAsync(string name, CancellationToken ct)
    {
        var job = jobs.FirstOrDefault(j => j.Name == name) ?? throw new NotFoundException("job");
        try
        {
            await runs.RunAsync(job, force: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Recorded with its error; the caller reads the outcome below.
        }

        return (await ListAsync(ct)).Single(j => j.Name == name);
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    private sealed record StatusRow(
        string Name, DateTime LastStartedAt, double LastDurationMs, string LastOutcome, string? LastError, string LastNode, DateTime NextRunAt, long Failures, DateTime? LastFailedAt)
    {
        public JobDto ToDto(TimeSpan every) => new(
            Name, every.TotalSeconds, Utc(LastStartedAt), LastDurationMs, LastOutcome, LastError, LastNode, Utc(NextRunAt), Failures, Utc(LastFailedAt));
    }

    private sealed record FailureRow(Guid Id, string Job, string Node, DateTime StartedAt, double DurationMs, string Error)
    {
        public JobFailureDto ToDto() => new(Id, Job, Node, Utc(StartedAt)!.Value, DurationMs, Error);
    }
}
