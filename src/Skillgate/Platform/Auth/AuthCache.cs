using Microsoft.Extensions.Caching.Memory;

namespace Skillgate.Platform.Auth;

/// <summary>
/// Per-node memory of facts every request needs: a user's current security stamp and a caller's data scope.
/// Entries live briefly (another node's change is seen within <see cref="Lifetime"/>); changes made on this
/// node evict them at once.
/// </summary>
internal sealed class AuthCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public bool TryGetStamp(Guid userId, out string? stamp) => cache.TryGetValue(StampKey(userId), out stamp);

    public void SetStamp(Guid userId, string? stamp) => cache.Set(StampKey(userId), stamp, Lifetime);

    public ScopeFilter? Scope(string key) => cache.TryGetValue("scope:" + key, out ScopeFilter? filter) ? filter : null;

    public void SetScope(string key, ScopeFilter filter) => cache.Set("scope:" + key, filter, Lifetime);

    /// <summary>The user's password, roles, scope or activation changed: drop what this node remembers.</summary>
    public void Forget(Guid userId) => cache.Remove(StampKey(userId));

    private static string StampKey(Guid userId) => "stamp:" + userId.ToString("N");
}
