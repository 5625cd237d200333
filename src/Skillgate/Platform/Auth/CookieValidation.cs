using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Npgsql;

namespace Skillgate.Platform.Auth;

/// <summary>
/// Rejects a cookie whose user was deactivated or whose password was changed or reset since sign-in
/// (the security stamp moved on), on every node, without server-side sessions.
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

        var dataSource = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync(context.HttpContext.RequestAborted);
        var stamp = await connection.ExecuteScalarAsync<Guid?>(
            "SELECT security_stamp FROM auth.app_user WHERE id = @userId AND active", new { userId });
        if (stamp?.ToString() != principal.FindFirst(SkillgateClaims.Stamp)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
