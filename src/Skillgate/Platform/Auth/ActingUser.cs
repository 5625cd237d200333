using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Auth;

/// <summary>
/// Runs work outside a request as a named user, through the real handlers (the demo seeders act as the demo's people): in a scope
/// of its own, because the data scope is cached per scope, with that user as the request's principal until the work ends.
/// </summary>
internal static class ActingUser
{
    public static async Task<T> RunAsync<T>(
        IServiceScopeFactory scopes, IHttpContextAccessor http, string userName, Func<IServiceProvider, Task<T>> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<PlatformDb>().Set<AppUser>().AsNoTracking().FirstAsync(u => u.UserName == userName, ct);
        http.HttpContext = new DefaultHttpContext { User = AccountService.Principal(user, Guid.Empty), RequestServices = scope.ServiceProvider };
        try
        {
            return await work(scope.ServiceProvider);
        }
        finally
        {
            http.HttpContext = null;
        }
    }
}
