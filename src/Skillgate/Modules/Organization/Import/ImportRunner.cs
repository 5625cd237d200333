using System.Globalization;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization.Import;

/// <summary>
/// Runs queued imports in the background on the node that received the upload, with the
/// uploader's identity, data scope and language, so the page can poll progress.
/// </summary>
internal sealed class ImportRunner(IServiceScopeFactory scopes, ILogger<ImportRunner> logger, IHostApplicationLifetime lifetime)
{
    public Task Start(Guid jobId, Guid userId, string userName, ScopeFilter scope, CultureInfo culture) => Task.Run(async () =>
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        await using var serviceScope = scopes.CreateAsyncScope();
        serviceScope.ServiceProvider.GetRequiredService<AuditActor>().ActAs(userId, userName);
        var handler = serviceScope.ServiceProvider.GetRequiredService<ImportHandler>();
        try
        {
            await handler.RunAsync(jobId, scope, culture.Name.StartsWith("zh", StringComparison.Ordinal), lifetime.ApplicationStopping);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Import {JobId} stopped", jobId);
        }
    });
}
