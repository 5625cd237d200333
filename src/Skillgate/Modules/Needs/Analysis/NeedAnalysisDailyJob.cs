using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Needs.Analysis;

/// <summary>Runs the needs analysis once a day on one node (HR can also run it at once from the needs page).</summary>
internal sealed class NeedAnalysisDailyJob(IServiceScopeFactory scopes, TimeProvider clock) : IBackgroundJob
{
    public const string JobName = "needs-analysis";

    public string Name => JobName;

    /// <summary>Hourly, so a node started after midnight or a failed pass still does the day's work (the gate lets one run a day).</summary>
    public TimeSpan Every => TimeSpan.FromHours(1);

    public bool DelayFirst => false;

    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (services.GetRequiredService<DatabaseRuntime>().IsStarted
            && await services.GetRequiredService<DailyJobGate>().TryClaimAsync(JobName, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct))
        {
            services.GetRequiredService<AuditActor>().ActAs(null, "job:" + JobName);
            await services.GetRequiredService<NeedAnalysis>().RunAsync(ct);
        }
    }
}
