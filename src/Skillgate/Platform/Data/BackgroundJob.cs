namespace Skillgate.Platform.Data;

/// <summary>
/// A background pass that may change data (deadlines, reminders, analyses, the outbox). Registered with
/// <see cref="BackgroundJobs.AddBackgroundJob{T}"/>, it runs every <see cref="Every"/> on each node (passes are built to be safe
/// when several nodes run them at once) and can be run on demand; the job-audit test runs every registered job.
/// </summary>
internal interface IBackgroundJob
{
    /// <summary>Its name in logs; a job that writes records them as the actor <c>job:&lt;name&gt;</c>.</summary>
    string Name { get; }

    TimeSpan Every { get; }

    /// <summary>Wait one period before the first pass (e.g. to let start-up finish).</summary>
    bool DelayFirst { get; }

    Task RunOnceAsync(CancellationToken ct);
}

internal static class BackgroundJobs
{
    /// <summary>The job as a singleton, as an <see cref="IBackgroundJob"/>, and its loop as a hosted service.</summary>
    public static IServiceCollection AddBackgroundJob<T>(this IServiceCollection services)
        where T : class, IBackgroundJob
    {
        services.AddSingleton<T>();
        services.AddSingleton<IBackgroundJob>(sp => sp.GetRequiredService<T>());
        services.AddHostedService<BackgroundJobLoop<T>>();
        return services;
    }
}

/// <summary>
/// Runs a job on its period, each pass recorded for the jobs page, unless <c>Skillgate:Jobs:Enabled</c> is false (a node that only serves requests, or a test that runs
/// the jobs itself).
/// </summary>
internal sealed class BackgroundJobLoop<T>(T job, Jobs.JobRuns runs, TimeProvider clock, IConfiguration configuration, ILogger<T> logger) : BackgroundService
    where T : IBackgroundJob
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        configuration.GetValue("Skillgate:Jobs:Enabled", true)
            ? JobLoop.RunAsync(job.Name, job.Every, job.DelayFirst, ct => runs.RunAsync(job, ct), clock, logger, stoppingToken)
            : Task.CompletedTask;
}
