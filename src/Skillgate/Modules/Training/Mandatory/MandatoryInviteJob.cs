using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Mandatory;

/// <summary>Runs the mandatory invitations every hour (several nodes may run it: an invitation is a row with a primary key, a notification has a dedupe key).</summary>
internal sealed class MandatoryInviteJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<MandatoryInviteJob> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        JobLoop.RunAsync("Mandatory invitations", TimeSpan.FromHours(1), delayFirst: true, RunOnceAsync, clock, logger, stoppingToken);

    private async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<DatabaseRuntime>().IsStarted)
        {
            scope.ServiceProvider.GetRequiredService<AuditActor>().ActAs(null, "job:mandatory-invites");
            await scope.ServiceProvider.GetRequiredService<MandatoryInvitations>().RunAsync(ct);
        }
    }
}
