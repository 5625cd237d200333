using Dapper;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Notifications;

internal sealed record PreferenceInput(string? Email, bool ByEmail, bool DailyDigest, bool MonthlyReport = true);

internal sealed record PreferenceDto(string? Email, string? EmployeeEmail, bool ByEmail, bool DailyDigest, bool MonthlyReport);

internal sealed record WebhookInput(string Name, string Kind, string Url, string? Secret, IReadOnlyList<string>? Kinds);

/// <summary>A chat-bot webhook; its URL (which carries the robot's token) and secret are never shown again: only the host and whether it signs.</summary>
internal sealed record WebhookDto(Guid Id, string Name, string Kind, string Host, bool Signed, IReadOnlyList<string> Kinds, bool Active);

internal sealed record DeliveryDto(Guid Id, string Channel, string Target, string Subject, string Status, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? SentAt, DateTimeOffset CreatedAt);

/// <summary>Each user's delivery preferences, the administrator's chat-bot webhooks, and the delivery log.</summary>
internal sealed class NotificationSettings(NpgsqlDataSource dataSource, UnitOfWork work, CurrentUser me, TimeProvider clock, IConfiguration configuration, Texts t)
{
    public static readonly IReadOnlyList<string> RobotKinds = ["dingtalk", "wecom", "feishu"];

    /// <summary>The robots' own hosts (https only); Skillgate:Notifications:WebhookHosts adds others (e.g. a private relay, http allowed).</summary>
    private static readonly Dictionary<string, string[]> RobotHosts = new(StringComparer.Ordinal)
    {
        ["dingtalk"] = ["oapi.dingtalk.com"],
        ["wecom"] = ["qyapi.weixin.qq.com"],
        ["feishu"] = ["open.feishu.cn", "open.larksuite.com"],
    };

    public async Task<PreferenceDto> PreferencesAsync(CancellationToken ct)
    {
        var userId = me.UserId ?? throw new NotFoundException("user");
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QuerySingleAsync<(string? Email, string? EmployeeEmail, bool? ByEmail, bool? Digest, bool? Monthly)>(new CommandDefinition(
            """
            SELECT p.email, e.email, p.by_email, p.daily_digest, p.monthly_report FROM auth.app_user u
            LEFT JOIN platform.notification_preference p ON p.user_id = u.id LEFT JOIN org.employee_v e ON e.id = u.employee_id WHERE u.id = @userId
            """, new { userId }, cancellationToken: ct));
        return new PreferenceDto(row.Email, row.EmployeeEmail, row.ByEmail ?? true, row.Digest ?? false, row.Monthly ?? true);
    }

    public async Task<PreferenceDto> SavePreferencesAsync(PreferenceInput input, CancellationToken ct)
    {
        var userId = me.UserId ?? throw new NotFoundException("user");
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (email is not null && (email.Length > 200 || !EmailAddress.TryParse(email, out _)))
        {
            new Validation().Add("email", t["validation.email"]).ThrowIfInvalid();
        }

        var before = await PreferencesAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        await connection.ExecuteAsync(
            """
            INSERT INTO platform.notification_preference (user_id, email, by_email, daily_digest, monthly_report, updated_at) VALUES (@userId, @email, @byEmail, @digest, @monthly, @now)
            ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, by_email = EXCLUDED.by_email, daily_digest = EXCLUDED.daily_digest, monthly_report = EXCLUDED.monthly_report,
                                                updated_at = EXCLUDED.updated_at
            """, new { userId, email, byEmail = input.ByEmail, digest = input.DailyDigest, monthly = input.MonthlyReport, now }, tx.Sql);
        await tx.AuditAsync("updated", "notification_preference", userId, before, new { email, input.ByEmail, input.DailyDigest, input.MonthlyReport });
        await tx.CommitAsync(ct);
        return await PreferencesAsync(ct);
    }

    public async Task<IReadOnlyList<WebhookDto>> WebhooksAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, string Name, string Kind, string Url, bool Signed, string[] Kinds, bool Active)>(new CommandDefinition(
            "SELECT id, name, kind, url, secret IS NOT NULL, kinds, active FROM platform.webhook ORDER BY active DESC, name", cancellationToken: ct));
        return rows.Select(r => new WebhookDto(r.Id, r.Name, r.Kind, new Uri(r.Url).Authority, r.Signed, r.Kinds, r.Active)).ToList();
    }

    public async Task<WebhookDto> CreateWebhookAsync(WebhookInput input, CancellationToken ct)
    {
        var v = new Validation().Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 100, t["validation.max_length", 100])
            .MaxLength("secret", input.Secret, 200, t["validation.max_length", 200]);
        if (!RobotKinds.Contains(input.Kind))
        {
            v.Add("kind", t["quality.one_of", string.Join(", ", RobotKinds)]);
        }

        var extra = (configuration["Skillgate:Notifications:WebhookHosts"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!Uri.TryCreate(input.Url?.Trim(), UriKind.Absolute, out var url) || input.Url!.Length > 1000
            || !((url.Scheme == "https" && RobotHosts.GetValueOrDefault(input.Kind ?? "", []).Contains(url.Host, StringComparer.OrdinalIgnoreCase))
                 || (url.Scheme is "https" or "http" && extra.Contains(url.Host, StringComparer.OrdinalIgnoreCase))))
        {
            v.Add("url", t["webhooks.url_invalid", string.Join(", ", RobotHosts.GetValueOrDefault(input.Kind ?? "", []).Concat(extra))]);
        }

        var kinds = (input.Kinds ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (kinds.Any(k => k.Length > 50))
        {
            v.Add("kinds", t["validation.max_length", 50]);
        }

        v.ThrowIfInvalid();
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        await connection.ExecuteAsync(
            "INSERT INTO platform.webhook (id, name, kind, url, secret, kinds, created_at) VALUES (@id, @name, @kind, @url, @secret, @kinds, @now)",
            new { id, name = input.Name.Trim(), kind = input.Kind, url = url!.ToString(), secret = string.IsNullOrWhiteSpace(input.Secret) ? null : input.Secret.Trim(), kinds, now }, tx.Sql);
        await tx.AuditAsync("created", "webhook", id, null, new { input.Name, input.Kind, host = url.Authority, kinds });
        await tx.CommitAsync(ct);
        return (await WebhooksAsync(ct)).Single(w => w.Id == id);
    }

    public async Task DeactivateWebhookAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        if (await connection.ExecuteAsync("UPDATE platform.webhook SET active = false, version = version + 1 WHERE id = @id AND active", new { id }, tx.Sql) == 0)
        {
            throw new NotFoundException(t["webhooks.unknown"]);
        }

        await tx.AuditAsync("updated", "webhook", id, new { active = true }, new { active = false });
        await tx.CommitAsync(ct);
    }

    /// <summary>Queues a test message to the webhook; the delivery log shows whether the robot took it.</summary>
    public async Task TestWebhookAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var queued = await connection.ExecuteAsync(
            """
            INSERT INTO platform.delivery (id, channel, target, dedupe_key, subject, body, next_attempt_at, created_at)
            SELECT gen_random_uuid(), 'webhook', id::text, 'test:' || gen_random_uuid(), @subject, @body, @now, @now FROM platform.webhook WHERE id = @id AND active
            """, new { id, now, subject = t["webhooks.test_subject"].Value, body = t["webhooks.test_body"].Value });
        if (queued == 0)
        {
            throw new NotFoundException(t["webhooks.unknown"]);
        }
    }

    public async Task<IReadOnlyList<DeliveryDto>> DeliveriesAsync(string? status, int max, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, string Channel, string Target, string Subject, string Status, int Attempts, DateTime Next, string? Error, DateTime? Sent, DateTime Created)>(
            new CommandDefinition(
                """
                SELECT d.id, d.channel, CASE WHEN d.channel = 'webhook' THEN coalesce(w.name, d.target) ELSE d.target END, d.subject, d.status, d.attempts, d.next_attempt_at,
                       d.last_error, d.sent_at, d.created_at
                FROM platform.delivery d LEFT JOIN platform.webhook w ON d.channel = 'webhook' AND w.id::text = d.target
                WHERE @status::text IS NULL OR d.status = @status ORDER BY d.created_at DESC LIMIT @max
                """, new { status = string.IsNullOrWhiteSpace(status) ? null : status, max = Math.Clamp(max, 1, 500) }, cancellationToken: ct));
        return rows.Select(r => new DeliveryDto(r.Id, r.Channel, r.Target, r.Subject, r.Status, r.Attempts, Utc(r.Next), r.Error, Utc(r.Sent), Utc(r.Created))).ToList();
    }
}
