using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Time;

namespace Skillgate.Platform.Data;

/// <summary>
/// Listens for what other nodes (and the database's own triggers) announce, for the life of the process, reconnecting after a
/// lost connection: changes of access and ended sign-ins (<see cref="AuthChanges"/>) and changes of the org tree's time zones
/// (<see cref="PlantTime"/>), so each node forgets what it remembers at once instead of after its lifetime.
/// </summary>
/// <remarks>Resolves its parts when it runs: hosted services are built before the database has started.</remarks>
internal sealed class ChangeListener(IServiceProvider services, ILogger<ChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var auth = services.GetRequiredService<AuthChanges>();
        var plantTime = services.GetRequiredService<PlantTime>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == AuthChanges.Channel)
                    {
                        auth.Apply(e.Payload);
                    }
                    else if (e.Channel == PlantTime.Channel)
                    {
                        plantTime.Forget();
                    }
                };
                await connection.ExecuteAsync($"LISTEN {AuthChanges.Channel}; LISTEN {PlantTime.Channel}");
                // What changed while this node was not listening is not announced again.
                plantTime.Forget();
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
                // Until it listens again, this node sees other nodes' changes within AuthCache.Lifetime and PlantTime.Lifetime.
                logger.LogWarning(e, "Listening for access and time-zone changes failed; retrying in {Retry}", Retry);
                await Task.Delay(Retry, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
