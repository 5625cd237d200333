using Dapper;
using Npgsql;

namespace Skillgate.Platform.Auth;

/// <summary>
/// The org units the caller may see: the subtrees of their scope rows (or of their API key's unit),
/// or everything for a user with <c>scope_all</c>. Queries filter by <see cref="ScopeFilter"/>;
/// the UI only reflects it.
/// </summary>
internal sealed class DataScope(CurrentUser user, NpgsqlDataSource dataSource, AuthCache cache)
{
    private ScopeFilter? _filter;

    public async Task<ScopeFilter> GetAsync(CancellationToken ct)
    {
        if (_filter is not null)
        {
            return _filter;
        }

        var cacheKey = user.ApiKeyId is { } k ? "key:" + k.ToString("N") : user.UserId is { } u ? $"user:{u:N}:{user.Stamp}" : null;
        if (cacheKey is not null && cache.Scope(cacheKey) is { } cached)
        {
            return _filter = cached;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (user.ApiKeyId is { } keyId)
        {
            var unit = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT org_unit_id FROM auth.api_key WHERE id = @keyId", new { keyId }, cancellationToken: ct));
            _filter = unit is null ? ScopeFilter.Everything : new ScopeFilter(false, await SubtreeAsync(connection, [unit.Value], ct));
        }
        else if (user.UserId is { } userId)
        {
            var all = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT scope_all FROM auth.app_user WHERE id = @userId", new { userId }, cancellationToken: ct));
            if (all)
            {
                _filter = ScopeFilter.Everything;
            }
            else
            {
                var roots = (await connection.QueryAsync<Guid>(new CommandDefinition(
                    "SELECT org_unit_id FROM auth.user_scope WHERE user_id = @userId", new { userId }, cancellationToken: ct))).ToArray();
                _filter = new ScopeFilter(false, await SubtreeAsync(connection, roots, ct));
            }
        }
        else
        {
            _filter = ScopeFilter.Nothing;
        }

        if (cacheKey is not null)
        {
            cache.SetScope(cacheKey, _filter);
        }

        return _filter;
    }

    private static async Task<HashSet<Guid>> SubtreeAsync(NpgsqlConnection connection, Guid[] roots, CancellationToken ct)
    {
        if (roots.Length == 0)
        {
            return [];
        }

        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT org.units_in_scope(@roots)", new { roots }, cancellationToken: ct));
        return ids.ToHashSet();
    }
}

internal sealed record ScopeFilter(bool All, IReadOnlySet<Guid> OrgUnitIds)
{
    public static readonly ScopeFilter Everything = new(true, new HashSet<Guid>());
    public static readonly ScopeFilter Nothing = new(false, new HashSet<Guid>());

    public bool Covers(Guid orgUnitId) => All || OrgUnitIds.Contains(orgUnitId);

    /// <summary>The ids to pass to SQL as <c>= ANY(@ids)</c>; unused when <see cref="All"/>.</summary>
    public Guid[] Ids => [.. OrgUnitIds];
}
