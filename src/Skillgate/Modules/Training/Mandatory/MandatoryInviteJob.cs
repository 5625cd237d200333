using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Mandatory;

/// <summary>Runs the mandatory invitations every hour (several nodes may run it: an invitation is a row with a primary key, a notification has a dedupe key).</summary>
internal sealed class MandatoryInviteJob(IServiceScopeFactory scopes) : IBackgroundJob
{
    public string Name => "mandatory-invites";

    public TimeSpan Every => TimeSpan.FromHours(1);

    public bool DelayFirst => true;

    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<DatabaseRuntime>().IsStarted)
        {
            scope.ServiceProvider.GetRequiredService<AuditActor>().ActAs(null, "job:" + Name);
            await scope.ServiceProvider.GetRequiredService<MandatoryInvitations>().RunAsync(ct);
        }
    }
}
