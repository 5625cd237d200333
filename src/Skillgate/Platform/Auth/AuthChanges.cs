using Dapper;
using Npgsql;

namespace Skillgate.Platform.Auth;

/// <summary>
/// Tells every node that a user's access changed or a sign-in ended (PostgreSQL NOTIFY), so each evicts what it remembers
/// in <see cref="AuthCache"/> at once instead of after the cache's lifetime. Publish only after the change has committed.
/// </summary>
internal sealed class AuthChanges(NpgsqlDataSource dataSource, AuthCache cache)
{
    public const string Channel = "skillgate_auth";

    public Task UserChangedAsync(Guid userId, CancellationToken ct)
    {
        cache.Forget(userId);
        return PublishAsync("user:" + userId.ToString("N"), ct);
    }

    public Task SignInEndedAsync(Guid signIn, CancellationToken ct)
    {
        cache.ForgetSignIn(signIn);
        return PublishAsync("signin:" + signIn.ToString("N"), ct);
    }

    /// <summary>Applies a message from any node (this one included) to this node's cache.</summary>
    public void Apply(string payload)
    {
        var parts = payload.Split(':', 2);
        if (parts.Length == 2 && Guid.TryParseExact(parts[1], "N", out var id))
        {
            if (parts[0] == "user")
            {
                cache.Forget(id);
            }
            else if (parts[0] == "signin")
            {
                cache.ForgetSignIn(id);
            }
        }
    }

    private async Task PublishAsync(string payload, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)", new { channel = Channel, payload }, cancellationToken: ct));
    }
}
