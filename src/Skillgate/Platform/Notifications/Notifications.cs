using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;

namespace Skillgate.Platform.Notifications;

internal sealed record NotificationDto(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool Read);

/// <summary>
/// The in-app inbox. A notification carries a dedupe key, so a reminder sent by a job that runs
/// twice (or on two nodes) still reaches its reader once.
/// </summary>
internal sealed class NotificationService(NpgsqlDataSource dataSource, CurrentUser me, TimeProvider clock)
{
    public sealed record Outgoing(Guid UserId, string Kind, string Title, string Body, string? Link, string DedupeKey);

    /// <returns>How many were new.</returns>
    public async Task<int> SendAsync(IReadOnlyCollection<Outgoing> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var now = clock.GetUtcNow();
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO platform.notification (id, user_id, kind, title, body, link, dedupe_key, created_at)
            VALUES (@Id, @UserId, @Kind, @Title, @Body, @Link, @DedupeKey, @now)
            ON CONFLICT (user_id, dedupe_key) DO NOTHING
            """,
            messages.Select(m => new { Id = Guid.CreateVersion7(now), m.UserId, m.Kind, m.Title, m.Body, m.Link, m.DedupeKey, now }),
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<NotificationDto>> MineAsync(int max, CancellationToken ct)
    {
        if (me.UserId is not { } userId)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id, kind, title, body, link, created_at AS CreatedAt, read_at IS NOT NULL AS Read
            FROM platform.notification WHERE user_id = @userId ORDER BY created_at DESC LIMIT @max
            """, new { userId, max }, cancellationToken: ct));
        return rows.Select(r => new NotificationDto(r.Id, r.Kind, r.Title, r.Body, r.Link, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)), r.Read)).ToList();
    }

    public async Task MarkAllReadAsync(CancellationToken ct)
    {
        if (me.UserId is not { } userId)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE platform.notification SET read_at = @now WHERE user_id = @userId AND read_at IS NULL", new { userId, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    private sealed record Row(Guid Id, string Kind, string Title, string Body, string? Link, DateTime CreatedAt, bool Read);
}
