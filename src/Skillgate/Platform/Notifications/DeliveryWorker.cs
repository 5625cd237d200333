using Dapper;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Notifications;

/// <summary>
/// Drains the delivery outbox on every node: a batch of due rows is claimed with FOR UPDATE SKIP LOCKED and leased (its next
/// attempt moved past the send), so two nodes never send the same message; a failure is retried after 1, 2, 4, 8 and 16 minutes,
/// then the row is marked failed with its last error (the delivery log on the webhooks page). Once a day it also queues the digest
/// e-mail of users who asked for one.
/// </summary>
internal sealed class DeliveryWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<DeliveryWorker> logger) : BackgroundService
{
    public const int MaxAttempts = 6;

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(configuration.GetValue("Skillgate:Notifications:PollSeconds", 5));
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(poll, stoppingToken);
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Sending notifications failed; trying again in {Seconds} s", poll.TotalSeconds);
            }
        }
    }

    /// <returns>How many messages were sent.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!services.GetRequiredService<DatabaseRuntime>().IsStarted)
        {
            return 0;
        }

        await QueueDigestsAsync(services, ct);
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var senders = services.GetRequiredService<DeliverySenders>();
        var sent = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            List<Delivery> batch;
            await using (var connection = await dataSource.OpenConnectionAsync(ct))
            {
                batch = (await connection.QueryAsync<Delivery>(new CommandDefinition(
                    """
                    UPDATE platform.delivery d SET attempts = d.attempts + 1, next_attempt_at = @lease
                    WHERE d.id IN (SELECT id FROM platform.delivery WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
                    RETURNING d.id, d.channel, d.target, d.subject, d.body, d.attempts
                    """, new { now, lease = now + Lease }, cancellationToken: ct))).ToList();
            }

            if (batch.Count == 0)
            {
                return sent;
            }

            foreach (var delivery in batch)
            {
                string? error;
                try
                {
                    error = await senders.SendAsync(delivery, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    error = e.Message;
                }

                sent += error is null ? 1 : 0;
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(
                    error is null
                        ? "UPDATE platform.delivery SET status = 'sent', sent_at = @now, last_error = NULL WHERE id = @Id"
                        : "UPDATE platform.delivery SET status = CASE WHEN attempts >= @max THEN 'failed' ELSE 'pending' END, next_attempt_at = @retry, last_error = @error WHERE id = @Id",
                    new { delivery.Id, now = clock.GetUtcNow(), max = MaxAttempts, retry = clock.GetUtcNow() + Backoff(delivery.Attempts), error = error?[..Math.Min(error.Length, 1000)] },
                    cancellationToken: ct));
            }
        }
    }

    /// <summary>1, 2, 4, 8, 16 minutes after the first, second … failed attempt.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Pow(2, Math.Clamp(attempts - 1, 0, 4)));

    /// <summary>Users with a daily digest get yesterday's and today's unread inbox in one e-mail, queued once per day (dedupe key).</summary>
    private async Task QueueDigestsAsync(IServiceProvider services, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(configuration["Skillgate:Smtp:Host"]))
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO platform.delivery (id, channel, target, dedupe_key, subject, body, next_attempt_at, created_at)
            SELECT gen_random_uuid(), 'email', a.address, 'digest:' || to_char(@now::date, 'YYYY-MM-DD') || ':' || u.id, @subject || ' (' || count(*) || ')',
                   string_agg(to_char(n.created_at, 'MM-DD HH24:MI') || '  ' || n.title, E'\n' ORDER BY n.created_at), @now, @now
            FROM platform.notification_preference p JOIN auth.app_user u ON u.id = p.user_id AND u.active
            LEFT JOIN org.employee e ON e.id = u.employee_id
            CROSS JOIN LATERAL (SELECT coalesce(nullif(p.email, ''), e.email) AS address) a
            JOIN platform.notification n ON n.user_id = u.id AND n.read_at IS NULL AND n.created_at > @now - interval '1 day'
            WHERE p.daily_digest AND p.by_email AND a.address IS NOT NULL
            GROUP BY u.id, a.address
            ON CONFLICT DO NOTHING
            """, new { now, subject = configuration["Skillgate:Notifications:DigestSubject"] ?? "Skillgate 每日摘要 / daily digest" }, cancellationToken: ct));
    }
}

internal sealed record Delivery(Guid Id, string Channel, string Target, string Subject, string Body, int Attempts);
