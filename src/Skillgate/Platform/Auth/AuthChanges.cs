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

/// <summary>Listens for <see cref="AuthChanges"/> from all nodes for the life of the process, reconnecting after a lost connection.</summary>
/// <remarks>Resolves its parts when it runs: hosted services are built before the database has started.</remarks>
internal sealed class AuthChangeListener(IServiceProvider services, ILogger<AuthChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var changes = services.GetRequiredService<AuthChanges>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => changes.Apply(e.Payload);
                await connection.ExecuteAsync($"LISTEN {AuthChanges.Channel}");
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                // Until it listens again, this node sees other nodes' changes within AuthCache.Lifetime.
                logger.LogWarning(e, "Listening for sign-in and access changes failed; retrying in {Retry}", Retry);
                await Task.Delay(Retry, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
