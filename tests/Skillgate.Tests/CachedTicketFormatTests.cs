using System.Security.Claims;
using FluentAssertions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Skillgate.Platform.Auth;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>The sign-in cookie's ticket cache: real data protection underneath, counting how often it has to decrypt.</summary>
public sealed class CachedTicketFormatTests
{
    private readonly Counting inner = new(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("tests")));
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_same_cookie_is_decrypted_once_and_every_request_gets_its_own_copy()
    {
        var format = new CachedTicketFormat(inner, clock);
        var cookie = format.Protect(Ticket("wangfang"));

        var first = format.Unprotect(cookie)!;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("added", "by one request"));
        first.Properties.Items["changed"] = "by one request";
        var second = format.Unprotect(cookie)!;

        inner.Decrypted.Should().Be(1);
        second.Principal.Identity!.Name.Should().Be("wangfang");
        second.Principal.HasClaim(c => c.Type == "added").Should().BeFalse("what one request changes reaches no other");
        second.Properties.Items.Should().NotContainKey("changed");
    }

    [Fact]
    public void A_forged_cookie_is_refused_every_time_and_a_remembered_one_is_decrypted_again_after_the_lifetime()
    {
        var format = new CachedTicketFormat(inner, clock);
        var cookie = format.Protect(Ticket("lihua"));
        var forged = cookie[..^4] + (cookie[^4..] == "AAAA" ? "BBBB" : "AAAA");

        format.Unprotect(forged).Should().BeNull();
        format.Unprotect(forged).Should().BeNull();
        inner.Decrypted.Should().Be(2, "a text that failed is never remembered");

        format.Unprotect(cookie).Should().NotBeNull();
        clock.Advance(CachedTicketFormat.Lifetime + TimeSpan.FromSeconds(1));
        format.Unprotect(cookie).Should().NotBeNull();
        inner.Decrypted.Should().Be(4);
    }

    private static AuthenticationTicket Ticket(string name) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "Cookies")), new AuthenticationProperties(), "Cookies");

    private sealed class Counting(ISecureDataFormat<AuthenticationTicket> format) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Decrypted { get; private set; }

        public string Protect(AuthenticationTicket data) => format.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => format.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Decrypted++;
            return format.Unprotect(protectedText, purpose);
        }
    }
}
