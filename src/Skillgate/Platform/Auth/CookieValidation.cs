using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Npgsql;

namespace Skillgate.Platform.Auth;

/// <summary>
/// Rejects a cookie whose user was deactivated or whose password was changed or reset since sign-in
/// (the security stamp moved on), on every node, without server-side sessions. The stamp is remembered for
/// <see cref="AuthCache.Lifetime"/>, so another node sees a change within that time and this node at once.
/// </summary>
internal static class CookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null || !Guid.TryParse(principal.FindFirst(SkillgateClaims.UserId)?.Value, out var userId))
        {
            context.RejectPrincipal();
            return;
        }

        var cache = context.HttpContext.RequestServices.GetRequiredService<AuthCache>();
        if (!cache.TryGetStamp(userId, out var stamp))
        {
            var dataSource = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
            await using var connection = await dataSource.OpenConnectionAsync(context.HttpContext.RequestAborted);
            stamp = (await connection.ExecuteScalarAsync<Guid?>(
                "SELECT security_stamp FROM auth.app_user WHERE id = @userId AND active", new { userId }))?.ToString();
            cache.SetStamp(userId, stamp);
        }

        if (stamp != principal.FindFirst(SkillgateClaims.Stamp)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
