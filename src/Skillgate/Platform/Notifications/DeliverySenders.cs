using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Notifications;

/// <summary>
/// Sends one delivery: e-mail over SMTP (Skillgate:Smtp:Host, Port, From, UserName, Password, EnableSsl), or a text message to a
/// chat-bot webhook in its robot's format — DingTalk (signed: timestamp and HMAC-SHA256 in the URL), WeCom (key in the URL) or
/// Feishu (signed: timestamp and sign in the body).
/// </summary>
internal sealed class DeliverySenders(NpgsqlDataSource dataSource, IHttpClientFactory http, IConfiguration configuration, TimeProvider clock)
{
    private static readonly SendResult Sent = new(null, false);

    public async Task<SendResult> SendAsync(Delivery delivery, CancellationToken ct) =>
        delivery.Channel == "email" ? await EmailAsync(delivery, ct) : await WebhookAsync(delivery, ct);

    private async Task<SendResult> EmailAsync(Delivery delivery, CancellationToken ct)
    {
        var smtp = configuration.GetSection("Skillgate:Smtp");
        if (string.IsNullOrWhiteSpace(smtp["Host"]))
        {
            return new SendResult("SMTP is not configured (Skillgate:Smtp:Host)", Permanent: false);
        }

        if (!EmailAddress.TryParse(delivery.Target, out var to))
        {
            return new SendResult($"not an e-mail address: {delivery.Target}", Permanent: true);
        }

        // A subject may not carry line breaks (a title typed with one would fail every attempt).
        var text = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = delivery.Body };
        using var message = new MimeMessage { Subject = delivery.Subject.ReplaceLineEndings(" "), Body = text };
        if (delivery.Attachment is { } file)
        {
            message.Body = new Multipart("mixed")
            {
                text,
                new MimePart("application", "pdf")
                {
                    Content = new MimeContent(new MemoryStream(file)),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = delivery.AttachmentName ?? "report.pdf",
                },
            };
        }

        message.From.Add(MailboxAddress.Parse(smtp["From"] ?? "skillgate@localhost"));
        message.To.Add(to);
        using var client = new SmtpClient();
        var port = smtp.GetValue("Port", 25);

        await client.ConnectAsync(smtp["Host"]!, port, Security(smtp, port), ct);
        if (smtp["UserName"] is { Length: > 0 } user)
        {
            await client.AuthenticateAsync(user, smtp["Password"] ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
        return Sent;
    }

    /// <summary>EnableSsl means STARTTLS, as it did before MailKit, except on the implicit-TLS port 465.</summary>
    internal static SecureSocketOptions Security(IConfigurationSection smtp, int port) =>
        !smtp.GetValue("EnableSsl", false) ? SecureSocketOptions.None : port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;

    private async Task<SendResult> WebhookAsync(Delivery delivery, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var hook = await connection.QuerySingleOrDefaultAsync<(string Kind, string Url, string? Secret, bool Active)?>(new CommandDefinition(
            "SELECT kind, url, secret, active FROM platform.webhook WHERE id::text = @target", new { target = delivery.Target }, cancellationToken: ct));
        if (hook is not { Active: true } h)
        {
            return new SendResult("the webhook was removed or deactivated", Permanent: true);
        }

        var text = $"{delivery.Subject}\n{delivery.Body}".Trim();
        var (url, body) = Robot(h.Kind, h.Url, h.Secret, text, clock.GetUtcNow());
        using var response = await http.CreateClient("webhooks").PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), ct);
        // Only the status and the robot's own error code and message are kept, never the raw answer.
        var answer = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            return new SendResult($"HTTP {(int)response.StatusCode}", Permanent: false);
        }

        // The robots answer 200 with their own error code: DingTalk and WeCom errcode/errmsg, Feishu code/msg (or StatusCode).
        try
        {
            var json = JsonDocument.Parse(answer).RootElement;
            foreach (var name in new[] { "errcode", "code", "StatusCode" })
            {
                if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() != 0)
                {
                    var message = new[] { "errmsg", "msg", "StatusMessage" }.Select(m => json.TryGetProperty(m, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                        .FirstOrDefault(m => m is not null);
                    return new SendResult($"{name} {code.GetInt32()}: {message?[..Math.Min(message.Length, 200)]}", Permanent: false);
                }
            }
        }
        catch (JsonException)
        {
            return new SendResult("the answer is not a robot's (not JSON)", Permanent: false);
        }

        return Sent;
    }

    /// <summary>The request a robot expects for a text message.</summary>
    public static (string Url, string Body) Robot(string kind, string url, string? secret, string text, DateTimeOffset now)
    {
        switch (kind)
        {
            case "dingtalk":
                var ms = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                var signed = string.IsNullOrEmpty(secret)
                    ? url
                    : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}timestamp={ms}&sign={Uri.EscapeDataString(Sign(secret, $"{ms}\n{secret}"))}";
                return (signed, JsonSerializer.Serialize(new { msgtype = "text", text = new { content = text } }));
            case "feishu":
                var seconds = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                return (url, string.IsNullOrEmpty(secret)
                    ? JsonSerializer.Serialize(new { msg_type = "text", content = new { text } })
                    : JsonSerializer.Serialize(new { timestamp = seconds, sign = Sign($"{seconds}\n{secret}", ""), msg_type = "text", content = new { text } }));
            default:
                return (url, JsonSerializer.Serialize(new { msgtype = "text", text = new { content = text } }));
        }
    }

    /// <summary>Base64 of HMAC-SHA256(key, data), as DingTalk (key = secret, data = timestamp + "\n" + secret) and Feishu (key = timestamp + "\n" + secret, empty data) sign.</summary>
    public static string Sign(string key, string data) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(data)));
}
