using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// A sign-in ends on the server: after signing out, a copied cookie stops working on this node and on another; signing out
/// everywhere (by the user or an administrator) ends every sign-in; the sign-in form does not tell whether an account exists;
/// behind a configured TLS proxy the cookies are Secure.
/// </summary>
public sealed class SignInTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    private const string Probe = "/api/v1/employees?pageSize=1";

    [Fact]
    public async Task After_sign_out_a_copied_cookie_answers_401_on_this_node_and_on_a_second_node()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var cookie = await CookieOfAsync(admin);
        await using var second = new SkillgateFactory { Clock = app.Clock, JoinConnectionString = app.ConnectionString };
        await ((IAsyncLifetime)second).InitializeAsync();
        var copyHere = WithCookie(app, cookie);
        var copyThere = WithCookie(second, cookie);
        (await copyHere.GetAsync(Probe)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await copyThere.GetAsync(Probe)).StatusCode.Should().Be(HttpStatusCode.OK, "the second node has now remembered the sign-in as open");

        var signOut = await SkillgateFactory.PostFormAsync(admin, "/Account/Logout", [], pageForToken: "/");
        signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await copyHere.GetAsync(Probe)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await copyHere.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await EventuallyAsync(copyThere)).Should().Be(HttpStatusCode.Unauthorized, "the other node hears of the sign-out at once, not after its cache expires");
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_sign_in_of_the_user_and_is_audited()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var name = "ev" + Guid.NewGuid().ToString("N")[..6];
        var userId = await app.CreateUserAsync(admin, name, ["HR"], scopeAll: true);
        var phone = await app.SignInAsync(name, "Passw0rd!x");
        var desk = await app.SignInAsync(name, "Passw0rd!x", "zh-CN");
        var mine = await desk.GetFromJsonAsync<List<SignInRow>>("/api/v1/me/sign-ins");
        mine.Should().HaveCount(2).And.ContainSingle(s => s.Current);
        (await desk.GetStringAsync("/Account/SignIns")).Should().Contain("退出所有设备");

        var ended = await phone.PostAsync("/api/v1/me/sign-out-everywhere", null);
        ended.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ended.Content.ReadFromJsonAsync<SignOutResult>())!.SignInsEnded.Should().Be(2);
        (await phone.GetAsync(Probe)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await desk.GetAsync(Probe)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var again = await app.SignInAsync(name, "Passw0rd!x");
        (await again.GetAsync(Probe)).StatusCode.Should().Be(HttpStatusCode.OK, "a new sign-in works");
        var byAdmin = await admin.PostAsync($"/api/v1/users/{userId}/sign-out-everywhere", null);
        (await byAdmin.Content.ReadFromJsonAsync<SignOutResult>())!.SignInsEnded.Should().Be(1);
        (await again.GetAsync(Probe)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var history = await admin.GetStringAsync($"/api/v1/users/{userId}/history");
        history.Should().Contain("sign_out_everywhere");
    }

    [Fact]
    public async Task Only_a_user_administrator_signs_someone_else_out()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var name = "hr" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserAsync(admin, name, ["HR"], scopeAll: true);
        var hr = await app.SignInAsync(name, "Passw0rd!x");
        var adminId = (await admin.GetFromJsonAsync<List<UserRow>>("/api/v1/users?q=admin"))!.First(u => u.UserName == "admin").Id;

        (await hr.PostAsync($"/api/v1/users/{adminId}/sign-out-everywhere", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.GetAsync(Probe)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/v1/users/{Guid.NewGuid()}/sign-out-everywhere", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_sign_in_form_answers_the_same_for_an_unknown_name_a_wrong_password_and_a_locked_account()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var name = "lk" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserAsync(admin, name, ["HR"], scopeAll: true);

        var unknown = await FailedSignInAsync("nobody" + Guid.NewGuid().ToString("N")[..6], "wrong-1");
        for (var i = 0; i < 6; i++)
        {
            (await FailedSignInAsync(name, "wrong-1")).Should().Be(unknown);
        }

        (await FailedSignInAsync(name, "Passw0rd!x")).Should().Be(unknown, "a locked account with the right password answers like any failure");
    }

    [Fact]
    public async Task Behind_a_configured_TLS_proxy_the_cookies_are_secure_and_nobody_else_is_believed()
    {
        await using var proxied = new SkillgateFactory();
        proxied.Settings["Skillgate:Proxy:KnownNetworks"] = "0.0.0.0/0,::/0";
        await ((IAsyncLifetime)proxied).InitializeAsync();

        (await LoginCookieAsync(proxied, forwardedHttps: true)).Should().Contain("secure", "the proxy said the browser spoke HTTPS");
        (await LoginCookieAsync(app, forwardedHttps: true)).Should().NotContain("secure", "no proxy is configured, so the header is not believed");
    }

    private async Task<string> FailedSignInAsync(string userName, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var response = await SkillgateFactory.PostFormAsync(client, "/Account/Login", new() { ["UserName"] = userName, ["Password"] = password });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        var start = html.IndexOf("alert-danger", StringComparison.Ordinal);
        start.Should().BePositive();
        return html.Substring(start, html.IndexOf("</div>", start, StringComparison.Ordinal) - start);
    }

    /// <summary>Signs in as the browser behind the proxy would (cookies handled by hand: a Secure cookie is not sent back over the test's plain HTTP).</summary>
    private static async Task<string> LoginCookieAsync(SkillgateFactory factory, bool forwardedHttps)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (forwardedHttps)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        }

        var page = await client.GetAsync("/Account/Login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "admin", ["Password"] = SkillgateFactory.AdminPassword, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var response = await client.SendAsync(post);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return string.Join("\n", response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("skillgate.auth", StringComparison.Ordinal)).Append(antiforgery)).ToLowerInvariant();
    }

    private static async Task<HttpStatusCode> EventuallyAsync(HttpClient client)
    {
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 100 && status == HttpStatusCode.OK; i++)
        {
            status = (await client.GetAsync(Probe)).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(50);
            }
        }

        return status;
    }

    private static async Task<string> CookieOfAsync(HttpClient signedIn)
    {
        var response = await signedIn.GetAsync("/Account/SignIns");
        response.EnsureSuccessStatusCode();
        var handlerCookies = response.RequestMessage!.Headers.GetValues("Cookie").Single();
        return handlerCookies.Split("; ").Single(c => c.StartsWith("skillgate.auth=", StringComparison.Ordinal));
    }

    private static HttpClient WithCookie(SkillgateFactory factory, string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private sealed record SignInRow(Guid Id, bool Current);

    private sealed record SignOutResult(int SignInsEnded);

    private sealed record UserRow(Guid Id, string UserName);
}
