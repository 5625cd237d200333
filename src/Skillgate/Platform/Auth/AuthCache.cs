using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Skillgate.Platform.Auth;

/// <summary>
/// Per-node memory of facts every request needs: whether a sign-in is still open (and its user's security stamp) and a
/// caller's data scope. Entries live briefly (<see cref="Lifetime"/>); a change made on any node evicts them at once on this
/// node and, through <see cref="AuthChanges"/>, on the others.
/// </summary>
internal sealed class AuthCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _users = new();

    /// <summary>The security stamp of the user of an open sign-in, or null when the sign-in has ended or the user is inactive.</summary>
    public bool TryGetSignIn(Guid signIn, out string? stamp) => cache.TryGetValue(SignInKey(signIn), out stamp);

    public void SetSignIn(Guid userId, Guid signIn, string? stamp)
    {
        var source = _users.GetOrAdd(userId, _ => new CancellationTokenSource());
        var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime };
        options.AddExpirationToken(new CancellationChangeToken(source.Token));
        cache.Set(SignInKey(signIn), stamp, options);
    }

    public ScopeFilter? Scope(string key) => cache.TryGetValue("scope:" + key, out ScopeFilter? filter) ? filter : null;

    public void SetScope(string key, ScopeFilter filter) => cache.Set("scope:" + key, filter, Lifetime);

    /// <summary>The user's password, roles, scope or activation changed, or all their sign-ins ended: drop what this node remembers.</summary>
    public void Forget(Guid userId)
    {
        if (_users.TryRemove(userId, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }

    public void ForgetSignIn(Guid signIn) => cache.Remove(SignInKey(signIn));

    private static string SignInKey(Guid signIn) => "signin:" + signIn.ToString("N");
}
