using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Web;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Platform.Notifications;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>The app with a real SMTP server (python3-aiosmtpd) and its delivery worker left to the test (no polling).</summary>
public sealed class MailFactory : SkillgateFactory
{
    public MailFactory()
    {
        Smtp = SmtpSink.Start();
        Settings["Skillgate:Smtp:Host"] = "127.0.0.1";
        Settings["Skillgate:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture);
        Settings["Skillgate:Smtp:From"] = "skillgate@plant.test";
        Settings["Skillgate:Notifications:WebhookHosts"] = "127.0.0.1";
        Settings["Skillgate:Notifications:WebhookTimeoutSeconds"] = "2";
    }

    public SmtpSink Smtp { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // A constructor that threw (no aiosmtpd) leaves no server; the finalizer still runs and must not take the test host down.
        Smtp?.Dispose();
    }
}

/// <summary>Notifications leave the inbox: e-mail over a real SMTP server by each user's preference, daily digests, robot webhooks with retries.</summary>
public sealed class NotificationTests(MailFactory app) : LearningTestBase(app), IClassFixture<MailFactory>
{
    private readonly MailFactory _mail = app;

    [Fact]
    public async Task Mail_goes_through_a_real_smtp_server_once_by_preference_and_as_a_daily_digest()
    {
        var admin = await _mail.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "ML");
        var employee = await PostIdAsync(admin, "/api/v1/employees", new { employeeNo = "ML3001", name = "周杰", phone = (string?)null, email = "zhou@plant.test", orgUnitId = org.WorkshopA, positionId = org.PositionA, managerId = (Guid?)null, shiftGroupId = (Guid?)null, hireDate = "2021-01-01" });
        var user = await _mail.CreateUserAsync(admin, "MLzhou", ["Employee"], scopeAll: false, employeeId: employee);
        var zhou = await _mail.SignInAsync("MLzhou", "Passw0rd!x");

        (await SendAsync(user, "资质即将到期：焊接作业指导书", "ml-1")).Should().Be(1);
        (await SendAsync(user, "资质即将到期：焊接作业指导书", "ml-1")).Should().Be(0, "the same reminder twice reaches its reader once");
        (await DrainAsync()).Should().Be(1);
        var mail = Mails("zhou").Should().ContainSingle().Subject;
        mail.To.Should().Contain("zhou@plant.test");
        mail.Subject.Should().Be("资质即将到期：焊接作业指导书");
        mail.Body.Should().Contain("正文 ml-1");

        (await ErrorFieldsAsync(await zhou.PutAsJsonAsync("/api/v1/me/notification-preferences", new PreferenceInput("not-an-address", true, false)))).Should().Equal("email");
        var digest = await zhou.PutAsJsonAsync("/api/v1/me/notification-preferences", new PreferenceInput("zhou.j@home.test", true, true));
        digest.StatusCode.Should().Be(HttpStatusCode.OK);
        await SendAsync(user, "新的培训需求", "ml-2");
        await SendAsync(user, "监督检查未通过", "ml-3");
        (await DrainAsync()).Should().Be(0, "no e-mail at once for a digest reader");
        _mail.Clock.Advance(TimeSpan.FromHours(17));
        (await DrainAsync()).Should().Be(1, "the next plant day: one digest instead of two e-mails");
        (await DrainAsync()).Should().Be(0, "the day's digest goes once");
        zhou = await _mail.SignInAsync("MLzhou", "Passw0rd!x");
        var digestMail = Mails("zhou.j@home.test").Should().ContainSingle().Subject;
        digestMail.To.Should().Contain("zhou.j@home.test");
        digestMail.Body.Should().Contain("新的培训需求").And.Contain("监督检查未通过");

        (await zhou.PutAsJsonAsync("/api/v1/me/notification-preferences", new PreferenceInput(null, false, false))).EnsureSuccessStatusCode();
        await SendAsync(user, "不发邮件", "ml-4");
        (await DrainAsync()).Should().Be(0);
        Mails("zhou").Should().HaveCount(2);
        (await zhou.GetStringAsync("/Account/Notifications")).Should().Contain("不发邮件").And.Contain("zhou@plant.test");
    }

    [Fact]
    public async Task A_dingtalk_robot_gets_one_signed_post_per_message_retried_after_a_500_and_two_drains_at_once_send_each_mail_once()
    {
        var admin = await _mail.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "WH");
        using var robot = new Robot(HttpStatusCode.InternalServerError);
        (await ErrorFieldsAsync(await admin.PostAsJsonAsync("/api/v1/webhooks", new WebhookInput("x", "slack", "ftp://x", null, null)))).Should().BeEquivalentTo(["kind", "url"]);
        (await ErrorFieldsAsync(await admin.PostAsJsonAsync("/api/v1/webhooks", new WebhookInput("x", "dingtalk", "https://intranet.plant.test/robot", null, null))))
            .Should().Equal(["url"], "only the robot's own host (or one configured) is posted to");
        var hook = await ReadAsync<WebhookDto>(await admin.PostAsJsonAsync("/api/v1/webhooks", new WebhookInput("质量部钉钉群", "dingtalk", robot.Url + "robot/send?access_token=abc", "SEC-WH-1", ["wh_alert"])), HttpStatusCode.Created);
        hook.Signed.Should().BeTrue();
        hook.Host.Should().NotContain("access_token", "the URL carries the robot's token and is not shown again");
        await _mail.CreateUserAsync(admin, "WHhr", ["HR"], scopeAll: true);
        (await (await _mail.SignInAsync("WHhr", "Passw0rd!x")).GetAsync("/api/v1/webhooks")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var users = new[] { await _mail.CreateUserAsync(admin, "WHa", ["Employee"], scopeAll: false), await _mail.CreateUserAsync(admin, "WHb", ["Employee"], scopeAll: false) };
        await using (var scope = _mail.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationService>().SendAsync(
                users.Select(u => new NotificationService.Outgoing(u, "wh_alert", "W2 焊接线签到率 62%", "低于 80%", null, "wh-alert-1")).Append(
                    new NotificationService.Outgoing(users[0], "other_kind", "不转发", "", null, "wh-other")).ToList(), CancellationToken.None);
        }

        (await DrainAsync()).Should().Be(0, "the robot answered 500");
        var log = await ReadAsync<List<DeliveryDto>>(await admin.GetAsync("/api/v1/deliveries?status=pending"), HttpStatusCode.OK);
        var pending = log.Should().ContainSingle(d => d.Channel == "webhook").Subject;
        pending.Attempts.Should().Be(1);
        pending.LastError.Should().Contain("500");
        (await DrainAsync()).Should().Be(0, "the retry waits a minute");
        robot.Answer = HttpStatusCode.OK;
        _mail.Clock.Advance(TimeSpan.FromSeconds(61));
        (await DrainAsync()).Should().Be(1);
        robot.Requests.Should().HaveCount(2, "one post for both users' copies, and one retry");
        var (url, body) = robot.Requests.Last();
        var query = HttpUtility.ParseQueryString(url.Query);
        query["access_token"].Should().Be("abc");
        query["sign"].Should().Be(DeliverySenders.Sign("SEC-WH-1", $"{query["timestamp"]}\nSEC-WH-1"), "DingTalk's signature: HMAC-SHA256 of timestamp and secret");
        var json = JsonSerializer.Deserialize<JsonElement>(body);
        json.GetProperty("msgtype").GetString().Should().Be("text");
        json.GetProperty("text").GetProperty("content").GetString().Should().Contain("W2 焊接线签到率 62%");
        (await ReadAsync<List<DeliveryDto>>(await admin.GetAsync("/api/v1/deliveries?status=sent"), HttpStatusCode.OK)).Should().Contain(d => d.Target == "质量部钉钉群");
        (await admin.GetStringAsync("/Admin/Webhooks")).Should().Contain("质量部钉钉群").And.Contain("Sent");

        var feishu = DeliverySenders.Robot("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/x", "FS-SECRET", "hello", new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
        var signed = JsonSerializer.Deserialize<JsonElement>(feishu.Body);
        signed.GetProperty("sign").GetString().Should().Be(DeliverySenders.Sign($"{signed.GetProperty("timestamp").GetString()}\nFS-SECRET", ""));
        signed.GetProperty("content").GetProperty("text").GetString().Should().Be("hello");

        // A robot that does not answer in time is an ordinary failed attempt: the worker carries on.
        using var slow = new Robot(HttpStatusCode.OK, TimeSpan.FromSeconds(4));
        var slowHook = await ReadAsync<WebhookDto>(await admin.PostAsJsonAsync("/api/v1/webhooks", new WebhookInput("慢机器人", "wecom", slow.Url + "send?key=k", null, ["wh_slow"])), HttpStatusCode.Created);
        await using (var scope = _mail.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationService>().SendAsync([new NotificationService.Outgoing(users[0], "wh_slow", "慢", "", null, "wh-slow-1")], CancellationToken.None);
        }

        (await DrainAsync()).Should().Be(0);
        (await ReadAsync<List<DeliveryDto>>(await admin.GetAsync("/api/v1/deliveries?status=pending"), HttpStatusCode.OK)).Should().ContainSingle(d => d.Target == "慢机器人").Which.LastError.Should().Be("timed out");
        (await admin.PostAsync($"/api/v1/webhooks/{slowHook.Id}/deactivate", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        _mail.Clock.Advance(TimeSpan.FromMinutes(2));
        await DrainAsync();
        (await ReadAsync<List<DeliveryDto>>(await admin.GetAsync("/api/v1/deliveries?status=failed"), HttpStatusCode.OK)).Should().Contain(d => d.Target == "慢机器人", "a deactivated robot fails at once instead of retrying");

        // Two drains at once (as two nodes would): every one of 30 e-mails is sent exactly once.
        var before = _mail.Smtp.Messages().Count;
        var employee = await PostIdAsync(admin, "/api/v1/employees", new { employeeNo = "WH3001", name = "吴昊", phone = (string?)null, email = "wu@plant.test", orgUnitId = org.WorkshopA, positionId = org.PositionA, managerId = (Guid?)null, shiftGroupId = (Guid?)null, hireDate = "2021-01-01" });
        var wu = await _mail.CreateUserAsync(admin, "WHwu", ["Employee"], scopeAll: false, employeeId: employee);
        for (var i = 0; i < 30; i++)
        {
            await SendAsync(wu, $"提醒 {i}", $"wh-bulk-{i}");
        }

        var drains = await Task.WhenAll(DrainAsync(), DrainAsync());
        drains.Sum().Should().Be(30);
        _mail.Smtp.Messages().Count.Should().Be(before + 30);
        (await admin.PostAsync($"/api/v1/webhooks/{hook.Id}/deactivate", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    private async Task<int> SendAsync(Guid user, string title, string key)
    {
        await using var scope = _mail.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationService>().SendAsync(
            [new NotificationService.Outgoing(user, "test", title, "正文 " + key, "/Account/Notifications", key)], CancellationToken.None);
    }

    private List<(string To, string Subject, string Body)> Mails(string to) => _mail.Smtp.Messages().Where(m => m.To.Contains(to, StringComparison.Ordinal)).ToList();

    private Task<int> DrainAsync() => _mail.Services.GetRequiredService<DeliveryWorker>().RunOnceAsync(CancellationToken.None);

    /// <summary>A local robot endpoint: records every post and answers with the status set (200 with errcode 0 when OK).</summary>
    private sealed class Robot : IDisposable
    {
        private readonly HttpListener _listener = new();

        private readonly TimeSpan _delay;

        public Robot(HttpStatusCode answer, TimeSpan delay = default)
        {
            Answer = answer;
            _delay = delay;
            Url = $"http://127.0.0.1:{AppProcess.FreePort()}/";

            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public HttpStatusCode Answer { get; set; }

        public ConcurrentQueue<(Uri Url, string Body)> Requests { get; } = new();

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                Requests.Enqueue((context.Request.Url!, await reader.ReadToEndAsync()));
                await Task.Delay(_delay);
                try
                {
                    context.Response.StatusCode = (int)Answer;
                    var reply = Encoding.UTF8.GetBytes(Answer == HttpStatusCode.OK ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "busy");
                    await context.Response.OutputStream.WriteAsync(reply);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The sender gave up waiting (the timeout case).
                }
            }
        }
    }
}
