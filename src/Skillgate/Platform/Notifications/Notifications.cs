using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using static Skillgate.Platform.Data.DbTime;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Notifications;

internal sealed record NotificationDto(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool Read);

/// <summary>
/// The in-app inbox. A notification carries a dedupe key, so a reminder sent by a job that runs
/// twice (or on two nodes) still reaches its reader once.
/// </summary>
internal sealed class NotificationService(NpgsqlDataSource dataSource, CurrentUser me, TimeProvider clock, IConfiguration configuration)
{
    private readonly string? publicUrl = configuration["Skillgate:PublicUrl"]?.TrimEnd('/');

    public sealed record Outgoing(Guid UserId, string Kind, string Title, string Body, string? Link, string DedupeKey);

    /// <summary>
    /// Puts each message, composed already (the same in every language, or in its reader's), in its user's inbox once and, for the new ones, queues the e-mail (by the user's preference; not when they
    /// take a daily digest) and one post per chat-bot webhook that relays the kind (one per group even when several users get it).
    /// </summary>
    /// <returns>How many were new.</returns>
    public async Task<int> SendAsync(IReadOnlyCollection<Outgoing> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await SendAsync(connection, null, messages, ct);
    }

    /// <summary>
    /// Tells every active account of an employee, in the caller's transaction (a person may have none, or several), each in
    /// their own language: <paramref name="text"/> runs in it.
    /// </summary>
    public async Task<int> SendToEmployeeAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, Guid employeeId, string kind, Func<(string Title, string Body)> text, string? link, string dedupeKey, CancellationToken ct)
    {
        var users = (await connection.QueryAsync<(Guid Id, string? Language)>(new CommandDefinition(
            "SELECT id, language FROM auth.app_user WHERE employee_id = @employeeId AND active", new { employeeId }, tx, cancellationToken: ct))).ToList();
        var messages = new List<Outgoing>(users.Count);
        foreach (var (user, language) in users)
        {
            using (ReadersCulture.Enter(Texts.CultureOfReader(language)))
            {
                var (title, body) = text();
                messages.Add(new Outgoing(user, kind, title, body, link, dedupeKey));
            }
        }

        return await SendAsync(connection, tx, messages, ct);
    }

    /// <summary>
    /// Composes each message in its reader's language (their preference; Chinese unless they chose English) — <paramref name="compose"/>
    /// runs with the UI culture set to it, so the texts it reads are theirs — and sends them (in the caller's transaction when given).
    /// </summary>
    public async Task<int> SendAsync<T>(
        NpgsqlConnection? connection, NpgsqlTransaction? tx, IReadOnlyCollection<T> items, Func<T, Guid> reader, Func<T, Outgoing> compose, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return 0;
        }

        var own = connection is null ? await dataSource.OpenScopedAsync(ct) : null;
        try
        {
            var db = connection ?? own!;
            var languages = (await db.QueryAsync<(Guid Id, string? Language)>(new CommandDefinition(
                "SELECT id, language FROM auth.app_user WHERE id = ANY(@ids)", new { ids = items.Select(reader).Distinct().ToArray() }, tx, cancellationToken: ct)))
                .ToDictionary(u => u.Id, u => Texts.CultureOfReader(u.Language));
            var messages = new List<Outgoing>(items.Count);
            foreach (var group in items.GroupBy(i => languages.GetValueOrDefault(reader(i), Texts.CultureOfReader(null))))
            {
                using (ReadersCulture.Enter(group.Key))
                {
                    messages.AddRange(group.Select(compose));
                }
            }

            return await SendAsync(db, tx, messages, ct);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The same, in the caller's transaction: the messages commit (or not) with the change that caused them.</summary>
    private async Task<int> SendAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, IReadOnlyCollection<Outgoing> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var list = messages.ToList();
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            SELECT platform.send_notifications(@now, @publicUrl, @smtp, @ids, @users, @kinds, @titles, @bodies, @links, @keys)
            """,
            new
            {
                now, publicUrl, smtp = !string.IsNullOrWhiteSpace(configuration["Skillgate:Smtp:Host"]),
                ids = list.Select(_ => Guid.CreateVersion7(now)).ToArray(), users = list.Select(m => m.UserId).ToArray(), kinds = list.Select(m => m.Kind).ToArray(),
                titles = list.Select(m => m.Title).ToArray(), bodies = list.Select(m => m.Body).ToArray(), links = list.Select(m => m.Link).ToArray(),
                keys = list.Select(m => m.DedupeKey).ToArray(),
            },
            tx,
            cancellationToken: ct));
    }

    /// <summary>The caller's unread notifications: how many, and the newest few.</summary>
    public async Task<(int Count, IReadOnlyList<NotificationDto> Newest)> UnreadAsync(int max, CancellationToken ct)
    {
        if (me.UserId is not { } userId)
        {
            return (0, []);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var count = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM platform.notification WHERE user_id = @userId AND read_at IS NULL", new { userId }, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id, kind, title, body, link, created_at AS CreatedAt, false AS Read
            FROM platform.notification WHERE user_id = @userId AND read_at IS NULL ORDER BY created_at DESC LIMIT @max
            """, new { userId, max }, cancellationToken: ct));
        return (count, rows.Select(r => new NotificationDto(r.Id, r.Kind, r.Title, r.Body, r.Link, Utc(r.CreatedAt), r.Read)).ToList());
    }

    public async Task<IReadOnlyList<NotificationDto>> MineAsync(int max, CancellationToken ct)
    {
        if (me.UserId is not { } userId)
        {
            return [];
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id, kind, title, body, link, created_at AS CreatedAt, read_at IS NOT NULL AS Read
            FROM platform.notification WHERE user_id = @userId ORDER BY created_at DESC LIMIT @max
            """, new { userId, max }, cancellationToken: ct));
        return rows.Select(r => new NotificationDto(r.Id, r.Kind, r.Title, r.Body, r.Link, Utc(r.CreatedAt), r.Read)).ToList();
    }

    public async Task MarkAllReadAsync(CancellationToken ct)
    {
        if (me.UserId is not { } userId)
        {
            return;
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE platform.notification SET read_at = @now WHERE user_id = @userId AND read_at IS NULL", new { userId, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    private sealed record Row(Guid Id, string Kind, string Title, string Body, string? Link, DateTime CreatedAt, bool Read);
}
