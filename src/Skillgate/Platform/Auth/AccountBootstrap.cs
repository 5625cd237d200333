using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Auth;

/// <summary>
/// On a database without accounts, creates the administrator "admin" with the password from
/// Skillgate:AdminPassword or a random one written to &lt;data folder&gt;/initial-admin-password.txt.
/// </summary>
internal sealed class AccountBootstrap(IServiceScopeFactory scopes, IConfiguration configuration, DatabaseRuntime runtime, TimeProvider clock, ILogger<AccountBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDb>();
        if (await db.Set<AppUser>().AnyAsync(cancellationToken))
        {
            return;
        }

        scope.ServiceProvider.GetRequiredService<AuditActor>().ActAs(null, "system");
        var password = configuration["Skillgate:AdminPassword"];
        var generated = string.IsNullOrWhiteSpace(password);
        if (generated)
        {
            password = "Sg" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() + "7";
        }

        var admin = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = "admin",
            DisplayName = "Administrator",
            Roles = [Roles.Administrator],
            ScopeAll = true,
            CreatedAt = clock.GetUtcNow(),
            SecurityStamp = Guid.NewGuid(),
        };
        scope.ServiceProvider.GetRequiredService<AccountService>().SetPassword(admin, password!, mustChange: generated);
        db.Add(admin);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return; // another node created it at the same moment
        }

        // In demo mode the seeder gives admin the documented demo password, so no password file is written.
        var seedDemo = Cli.DemoKinds.Of(configuration["Skillgate:SeedDemo"]) is not null;
        if (generated && !seedDemo)
        {
            var file = Path.Combine(runtime.DataPath, "initial-admin-password.txt");
            Directory.CreateDirectory(runtime.DataPath);
            await File.WriteAllTextAsync(file, password, cancellationToken);
            logger.LogWarning("Created the administrator 'admin'; its first password is in {File}", file);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
