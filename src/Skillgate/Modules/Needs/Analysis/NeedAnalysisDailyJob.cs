using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Needs.Analysis;

/// <summary>Runs the needs analysis once a day on one node (HR can also run it at once from the needs page).</summary>
internal sealed class NeedAnalysisDailyJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NeedAnalysisDailyJob> logger) : BackgroundService
{
    public const string JobName = "needs-analysis";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var services = scope.ServiceProvider;
                if (services.GetRequiredService<DatabaseRuntime>().IsStarted
                    && await services.GetRequiredService<DailyJobGate>().TryClaimAsync(JobName, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), stoppingToken))
                {
                    services.GetRequiredService<AuditActor>().ActAs(null, "job:" + JobName);
                    await services.GetRequiredService<NeedAnalysis>().RunAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The needs analysis failed; it is tried again within the hour");
            }

            await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
        }
    }
}
