using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Skillgate.Platform.Auth;

/// <summary>
/// The sign-in cookie's ticket, remembered by the cookie's exact protected text once it has been decrypted and verified: a phone
/// checking in sends the same cookie every time, and decrypting and parsing it was a sixth of a check-in's work under a burst.
/// Only an identical, already verified text can match; expiry and the security stamp are still checked on every request by the
/// cookie handler and <see cref="CookieValidation"/>. An entry is kept for <see cref="Lifetime"/> at most, so a revoked
/// data-protection key stops being honoured within that time.
/// </summary>
internal sealed class CachedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int MaxRemembered = 20_000;
    private readonly ConcurrentDictionary<string, (AuthenticationTicket Ticket, DateTimeOffset Until)> tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = clock.GetUtcNow();
        if (tickets.TryGetValue(protectedText, out var known) && known.Until > now)
        {
            return Copy(known.Ticket);
        }

        var ticket = inner.Unprotect(protectedText);
        if (ticket is not null)
        {
            if (tickets.Count >= MaxRemembered)
            {
                tickets.Clear();
            }

            tickets[protectedText] = (Copy(ticket), now + Lifetime);
        }

        return ticket;
    }

    /// <summary>
    /// Each request gets its own identities, claims and properties, so nothing one request changes reaches another
    /// (<see cref="ClaimsPrincipal.Clone"/> would share the identities).
    /// </summary>
    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(new ClaimsPrincipal(ticket.Principal.Identities.Select(i => i.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    /// <summary>Wraps the cookie scheme's ticket format after the framework has set it up.</summary>
    internal sealed class Setup(TimeProvider clock) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (name == CookieAuthenticationDefaults.AuthenticationScheme && options.TicketDataFormat is not CachedTicketFormat)
            {
                options.TicketDataFormat = new CachedTicketFormat(options.TicketDataFormat, clock);
            }
        }
    }
}
