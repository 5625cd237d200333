using MailKit.Net.Smtp;
using MailKit.Security;

namespace Skillgate.Platform.Health;

/// <summary>
/// The mail server: not configured (null), or what the newest e-mail delivery says (sent, or its error); a probe connects and
/// says hello without sending anything.
/// </summary>
internal sealed class SmtpHealth(IConfiguration configuration, Npgsql.NpgsqlDataSource dataSource, TimeProvider clock) : IHealthReporter
{
    public async Task<HealthItem> ReportAsync(bool probe, CancellationToken ct)
    {
        var smtp = configuration.GetSection("Skillgate:Smtp");
        if (smtp["Host"] is not { Length: > 0 } host)
        {
            return new HealthItem("smtp", null, "not configured (Skillgate:Smtp:Host)", null);
        }

        var port = smtp.GetValue("Port", 25);
        if (probe)
        {
            try
            {
                using var client = new SmtpClient { Timeout = 10_000 };
                await client.ConnectAsync(host, port, Notifications.DeliverySenders.Security(smtp, port), ct);
                await client.DisconnectAsync(quit: true, ct);
                return new HealthItem("smtp", true, $"{host}:{port}", clock.GetUtcNow());
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or SslHandshakeException or TimeoutException)
            {
                return new HealthItem("smtp", false, $"{host}:{port}: {e.Message}", clock.GetUtcNow());
            }
        }

        await using var cmd = dataSource.CreateCommand(
            "SELECT status, last_error, coalesce(sent_at, next_attempt_at) FROM platform.delivery WHERE channel = 'email' AND status <> 'pending' ORDER BY coalesce(sent_at, next_attempt_at) DESC LIMIT 1");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new HealthItem("smtp", reader.GetString(0) == "sent", reader.GetString(0) == "sent" ? $"{host}:{port}" : reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : new HealthItem("smtp", null, $"{host}:{port}", null);
    }
}
