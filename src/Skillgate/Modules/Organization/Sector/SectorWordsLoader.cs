using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Organization.Sector;

/// <summary>
/// Puts the stored sector's words into the texts when the node starts (before it answers anyone) and every half minute after,
/// on every node, so a change an administrator made on another node reaches this one too.
/// </summary>
internal sealed class SectorWordsLoader(IServiceScopeFactory scopes, Texts texts) : IHostedService, IBackgroundJob
{
    public const string JobName = "sector-words";

    public string Name => JobName;

    public TimeSpan Every => TimeSpan.FromSeconds(30);

    public bool DelayFirst => true;

    public Task StartAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var setting = await scope.ServiceProvider.GetRequiredService<OrganizationDb>().Set<SectorSetting>().AsNoTracking().SingleAsync(ct);
        texts.Use(SectorHandler.SectorWordsOf(setting));
    }
}
