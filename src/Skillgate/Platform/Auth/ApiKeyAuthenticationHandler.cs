using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Skillgate.Platform.Auth;

/// <summary>Authenticates <c>Authorization: ApiKey &lt;key&gt;</c> against the hashed keys.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    NpgsqlDataSource dataSource,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderPrefix = "ApiKey ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header[HeaderPrefix.Length..].Trim();
        if (!ApiKeySecret.TryParse(key, out var prefix))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        await using var cmd = dataSource.CreateCommand(
            """
            UPDATE auth.api_key SET last_used_at = @now
            WHERE prefix = @prefix AND revoked_at IS NULL
            RETURNING id, name, key_hash, scopes, org_unit_id, created_by
            """);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        cmd.Parameters.AddWithValue("prefix", prefix);
        await using var reader = await cmd.ExecuteReaderAsync(Context.RequestAborted);
        if (!await reader.ReadAsync(Context.RequestAborted))
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var storedHash = reader.GetString(2);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(storedHash), Encoding.ASCII.GetBytes(ApiKeySecret.Hash(key))))
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "api-key:" + reader.GetString(1)),
            new(SkillgateClaims.ApiKeyId, reader.GetGuid(0).ToString()),
            new(SkillgateClaims.ApiKeyOwner, reader.GetGuid(5).ToString()),
        };
        claims.AddRange(reader.GetFieldValue<string[]>(3).Select(s => new Claim(SkillgateClaims.ApiScope, s)));
        if (!reader.IsDBNull(4))
        {
            claims.Add(new Claim(SkillgateClaims.ScopeUnit, reader.GetGuid(4).ToString()));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>Key format: <c>sg_&lt;8-char prefix&gt;_&lt;secret&gt;</c>; the prefix is stored in clear to find the row.</summary>
internal static class ApiKeySecret
{
    public static (string Key, string Prefix) Generate()
    {
        var prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"sg_{prefix}_{secret}", prefix);
    }

    public static bool TryParse(string key, out string prefix)
    {
        prefix = "";
        var parts = key.Split('_', 3);
        if (parts.Length != 3 || parts[0] != "sg" || parts[1].Length != 8 || parts[2].Length < 20)
        {
            return false;
        }

        prefix = parts[1];
        return true;
    }

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
