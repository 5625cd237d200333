using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;

namespace Skillgate.Platform.Jobs;

/// <summary>
/// Runs a job's pass and records it for the jobs page: its start, duration, outcome, error and node. A failure is always
/// recorded and, when the job's previous run had not failed, tells every administrator; a success at most once a minute per job
/// and node (the sequencer passes four times a second), and at once after a failure.
/// </summary>
internal sealed class JobRuns(IServiceProvider root, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<JobRuns> logger)
{
    private static readonly TimeSpan QuietSuccess = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, bool Failed)> recorded = new(StringComparer.Ordinal);

    public string Node { get; } = NodeName.Of(configuration);

    // Resolved when first needed: the job loops are built before the database has started.
    private NpgsqlDataSource DataSource => root.GetRequiredService<NpgsqlDataSource>();

    public Task RunAsync(IBackgroundJob job, CancellationToken ct) => RunAsync(job, force: false, ct);

    /// <param name="force">Record a success even within the quiet minute (a run asked for on the jobs page).</param>
    public async Task RunAsync(IBackgroundJob job, bool force, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var ticks = clock.GetTimestamp();
        try
        {
            await job.RunOnceAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            await RecordAsync(job, started, clock.GetElapsedTime(ticks), e, force, ct);
            throw;
        }

        await RecordAsync(job, started, clock.GetElapsedTime(ticks), null, force, ct);
    }

    private async Task RecordAsync(IBackgroundJob job, DateTimeOffset started, TimeSpan took, Exception? error, bool force, CancellationToken ct)
    {
        var tags = new TagList { { "job", job.Name }, { "outcome", error is null ? "succeeded" : "failed" } };
        Telemetry.SkillgateMetrics.JobRuns.Add(1, tags);
        Telemetry.SkillgateMetrics.JobDuration.Record(took.TotalSeconds, tags);
        if (error is null && !force && recorded.TryGetValue(job.Name, out var last) && !last.Failed && started - last.At < QuietSuccess)
        {
            return;
        }

        try
        {
            var firstFailure = await WriteAsync(job, started, took, error, ct);
            recorded[job.Name] = (started, error is not null);
            if (firstFailure)
            {
                await AlertAsync(job.Name, started, error!, ct);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            // The database may be what failed (a failover): the run is in the log, and the next one is recorded.
            logger.LogWarning(e, "The run of {Job} was not recorded", job.Name);
        }
    }

    /// <returns>True when this failure follows a run that did not fail (or is the job's first run).</returns>
    private async Task<bool> WriteAsync(IBackgroundJob job, DateTimeOffset started, TimeSpan took, Exception? error, CancellationToken ct)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var previous = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT last_outcome FROM platform.job_status WHERE job = @job FOR UPDATE", new { job = job.Name }, tx, cancellationToken: ct));
        var message = error is null ? null : Describe(error);
        var args = new
        {
            job = job.Name, every = job.Every.TotalSeconds, started, ms = took.TotalMilliseconds, outcome = error is null ? "succeeded" : "failed",
            error = message, node = Node, next = started + took + job.Every, id = Guid.CreateVersion7(started),
        };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO platform.job_status AS s (job, every_seconds, last_started_at, last_duration_ms, last_outcome, last_error, last_node, next_run_at, failures, last_failed_at)
            VALUES (@job, @every, @started, @ms, @outcome, @error, @node, @next, CASE WHEN @error IS NULL THEN 0 ELSE 1 END, CASE WHEN @error IS NULL THEN NULL ELSE @started END)
            ON CONFLICT (job) DO UPDATE SET every_seconds = excluded.every_seconds, last_started_at = excluded.last_started_at,
                last_duration_ms = excluded.last_duration_ms, last_outcome = excluded.last_outcome, last_error = excluded.last_error,
                last_node = excluded.last_node, next_run_at = excluded.next_run_at, failures = s.failures + excluded.failures,
                last_failed_at = coalesce(excluded.last_failed_at, s.last_failed_at)
            WHERE s.last_started_at <= excluded.last_started_at
            """, args, tx, cancellationToken: ct));
        if (error is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO platform.job_failure (id, job, node, started_at, duration_ms, error) VALUES (@id, @job, @node, @started, @ms, @error)",
                args, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return error is not null && previous != "failed";
    }

    /// <summary>The exception and its causes in one line each, as the page shows them (no stack: the log has it).</summary>
    private static string Describe(Exception error)
    {
        var lines = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            lines.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private async Task AlertAsync(string job, DateTimeOffset started, Exception error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var notifications = scope.ServiceProvider.GetRequiredService<NotificationService>();
        var t = scope.ServiceProvider.GetRequiredService<Texts>();
        await using var connection = await DataSource.OpenSystemAsync(ct);
        var admins = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM auth.app_user WHERE active AND @role = ANY(roles)", new { role = Roles.Administrator }, cancellationToken: ct))).ToList();
        await notifications.SendAsync(connection, null, admins, id => id, id => new NotificationService.Outgoing(
            id, "job_failed", t["jobs.alert_title", job].Value, t["jobs.alert_body", job, Node, error.Message].Value, "/Admin/Jobs",
            $"job-failed:{job}:{started.UtcTicks}"), ct);
    }
}
