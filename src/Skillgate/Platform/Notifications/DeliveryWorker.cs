using Dapper;
using Npgsql;
using Skillgate.Platform.Data;
using Skillgate.Platform.Time;

namespace Skillgate.Platform.Notifications;

/// <summary>
/// Drains the delivery outbox on every node: a few due rows are claimed with FOR UPDATE SKIP LOCKED and leased (their next attempt
/// moved past the sends, each of which has a hard time limit well inside the lease), so two nodes never send the same message; the
/// result is written only while the claim (its attempt number) still holds. A failure is retried after 1, 2, 4, 8 and 16 minutes,
/// then the row is marked failed with its last error (the delivery log on the webhooks page); a message that can never go (a bad
/// address, a removed robot) fails at once. Once per plant day one node queues the digest e-mails of users who asked for one.
/// </summary>
internal sealed class DeliveryWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration) : IBackgroundJob
{
    public const int MaxAttempts = 6;

    private const int BatchSize = 5;

    /// <summary>The plant day whose digest this node already queued or saw claimed: the gate is asked once a day, not every poll.</summary>
    private DateOnly _digestDay;

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>The longest one send may take: five of them stay well inside the lease.</summary>
    public static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(30);

    public string Name => "notification-delivery";

    public TimeSpan Every => TimeSpan.FromSeconds(configuration.GetValue("Skillgate:Notifications:PollSeconds", 5));

    public bool DelayFirst => true;

    Task IBackgroundJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

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
            await using (var connection = await dataSource.OpenScopedAsync(ct))
            {
                batch = (await connection.QueryAsync<Delivery>(new CommandDefinition(
                    """
                    UPDATE platform.delivery d SET attempts = d.attempts + 1, next_attempt_at = @lease
                    WHERE d.id IN (SELECT id FROM platform.delivery WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @size FOR UPDATE SKIP LOCKED)
                    RETURNING d.id, d.channel, d.target, d.subject, d.body, d.attempts, d.attachment_name AS AttachmentName, d.attachment
                    """, new { now, lease = now + Lease, size = BatchSize }, cancellationToken: ct))).ToList();
            }

            if (batch.Count == 0)
            {
                return sent;
            }

            foreach (var delivery in batch)
            {
                SendResult result;
                try
                {
                    using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    limit.CancelAfter(SendLimit);
                    result = await senders.SendAsync(delivery, limit.Token);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // A timeout or a refused connection is an ordinary failed attempt, not the end of the worker.
                    result = new SendResult(e is OperationCanceledException ? "timed out" : e.Message, Permanent: false);
                }

                sent += result.Error is null ? 1 : 0;

                // Written even while the app stops, so a message that went out is never sent again by another node.
                await using var connection = await dataSource.OpenScopedAsync(CancellationToken.None);
                await connection.ExecuteAsync(new CommandDefinition(
                    result.Error is null
                        ? "UPDATE platform.delivery SET status = 'sent', sent_at = @now, last_error = NULL WHERE id = @Id AND attempts = @Attempts AND status = 'pending'"
                        : """
                          UPDATE platform.delivery SET status = CASE WHEN @permanent OR attempts >= @max THEN 'failed' ELSE 'pending' END, next_attempt_at = @retry, last_error = @error
                          WHERE id = @Id AND attempts = @Attempts AND status = 'pending'
                          """,
                    new
                    {
                        delivery.Id, delivery.Attempts, now = clock.GetUtcNow(), max = MaxAttempts, retry = clock.GetUtcNow() + Backoff(delivery.Attempts),
                        error = result.Error?[..Math.Min(result.Error.Length, 500)], permanent = result.Permanent,
                    },
                    cancellationToken: CancellationToken.None));
            }
        }
    }

    /// <summary>1, 2, 4, 8, 16 minutes after the first, second … failed attempt.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Pow(2, Math.Clamp(attempts - 1, 0, 4)));

    /// <summary>
    /// Once per plant day (one node, through the daily job gate) users with a daily digest get one e-mail of the unread notifications
    /// since their last digest; digest_through moves on in the same statement, so nothing is left out or sent twice.
    /// </summary>
    private async Task QueueDigestsAsync(IServiceProvider services, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(configuration["Skillgate:Smtp:Host"]))
        {
            return;
        }

        var now = clock.GetUtcNow();
        // The group's day, whatever the zone of the machine this node runs on: every node asks for the same day's digest once.
        var plantDay = await services.GetRequiredService<PlantTime>().DayOfAsync(null, now, ct);
        if (plantDay == _digestDay)
        {
            return;
        }

        var claimed = await services.GetRequiredService<DailyJobGate>().TryClaimAsync("notification-digest", plantDay, ct);
        _digestDay = plantDay;
        if (!claimed)
        {
            return;
        }

        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH due AS (
                SELECT u.id AS user_id, a.address, count(*) AS items,
                       string_agg(to_char(n.created_at, 'MM-DD HH24:MI') || '  ' || n.title, E'\n' ORDER BY n.created_at) AS body
                FROM platform.notification_preference p JOIN auth.app_user u ON u.id = p.user_id AND u.active
                LEFT JOIN org.employee_v e ON e.id = u.employee_id
                CROSS JOIN LATERAL (SELECT coalesce(nullif(p.email, ''), e.email) AS address) a
                JOIN platform.notification n ON n.user_id = u.id AND n.read_at IS NULL AND n.created_at <= @now
                     AND n.created_at > coalesce(p.digest_through, @now - interval '1 day')
                WHERE p.daily_digest AND p.by_email AND a.address IS NOT NULL
                GROUP BY u.id, a.address),
            queued AS (
                INSERT INTO platform.delivery (id, channel, target, dedupe_key, subject, body, next_attempt_at, created_at)
                SELECT gen_random_uuid(), 'email', address, 'digest:' || @day || ':' || user_id, @subject || ' (' || items || ')', body, @now, @now FROM due
                ON CONFLICT DO NOTHING)
            UPDATE platform.notification_preference SET digest_through = @now WHERE daily_digest
            """,
            new { now, day = plantDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), subject = configuration["Skillgate:Notifications:DigestSubject"] ?? "Skillgate 每日摘要 / daily digest" },
            cancellationToken: ct));
    }
}

/// <summary>What a send came to: null error when it went; a permanent error is not retried.</summary>
internal sealed record SendResult(string? Error, bool Permanent);

/// <summary>A message to send; an e-mail may carry one file (a report's PDF).</summary>
internal sealed record Delivery(Guid Id, string Channel, string Target, string Subject, string Body, int Attempts, string? AttachmentName = null, byte[]? Attachment = null);
