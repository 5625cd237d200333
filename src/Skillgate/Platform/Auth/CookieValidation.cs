using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Npgsql;

namespace Skillgate.Platform.Auth;

/// <summary>
/// Rejects a cookie whose sign-in has ended (signed out, signed out everywhere, by an administrator), whose user was
/// deactivated, or whose password was changed or reset since sign-in (the security stamp moved on) — on every node. What a
/// node remembers (<see cref="AuthCache"/>) is evicted on all nodes when it changes (<see cref="AuthChanges"/>).
/// </summary>
internal static class CookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null || !Guid.TryParse(principal.FindFirst(SkillgateClaims.UserId)?.Value, out var userId)
            || !Guid.TryParse(principal.FindFirst(SkillgateClaims.SignIn)?.Value, out var signIn))
        {
            context.RejectPrincipal();
            return;
        }

        var cache = context.HttpContext.RequestServices.GetRequiredService<AuthCache>();
        if (!cache.TryGetSignIn(signIn, out var stamp))
        {
            var dataSource = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
            await using var connection = await dataSource.OpenConnectionAsync(context.HttpContext.RequestAborted);
            stamp = (await connection.ExecuteScalarAsync<Guid?>(
                """
                SELECT u.security_stamp FROM auth.sign_in s JOIN auth.app_user u ON u.id = s.user_id
                WHERE s.id = @signIn AND s.user_id = @userId AND s.ended_at IS NULL AND u.active
                """, new { signIn, userId }))?.ToString();
            cache.SetSignIn(userId, signIn, stamp);
        }

        if (stamp is null || stamp != principal.FindFirst(SkillgateClaims.Stamp)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
