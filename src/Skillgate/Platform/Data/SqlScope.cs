using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;

namespace Skillgate.Platform.Data;

/// <summary>
/// The data scope by construction (ADR 0006): every connection the application opens for a request runs as the role
/// <c>skillgate_app</c> with the caller's scope in its settings, and PostgreSQL's row-level security shows it only the people,
/// records and sessions that scope covers — whatever the query says. A request's scope is that of its caller (nothing for
/// an anonymous one); work outside a request (jobs, seeding) sees everything; a handler that acts on a capability rather than
/// a person (a kiosk's token, a session's QR code, a certificate's public number) says so with <see cref="AsSystem"/>.
/// </summary>
internal static class SqlScope
{
    private static readonly AsyncLocal<Holder?> Current = new();

    /// <summary>From here on in this request, connections carry the caller's scope.</summary>
    public static void BeginRequest(DataScope scope, Guid? self) => Current.Value = new Holder(ct => scope.GetAsync(ct), self);

    /// <summary>Until disposed, connections opened in this flow see everything.</summary>
    public static IDisposable AsSystem()
    {
        var previous = Current.Value;
        Current.Value = Holder.System;
        return new Restore(previous);
    }

    /// <summary>The scope connections opened now carry; the same object for as long as that scope holds.</summary>
    public static object Scope => Current.Value ?? Holder.System;

    public static async ValueTask<NpgsqlConnection> OpenScopedAsync(this NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await ApplyAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection that sees everything, for a read the caller is entitled to by what they hold rather than by who they are.</summary>
    public static async ValueTask<NpgsqlConnection> OpenSystemAsync(this NpgsqlDataSource dataSource, CancellationToken ct)
    {
        using var system = AsSystem();
        return await dataSource.OpenScopedAsync(ct);
    }

    /// <returns>The scope applied (see <see cref="Scope"/>).</returns>
    public static async Task<object> ApplyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var holder = Current.Value ?? Holder.System;
        var filter = await holder.Resolve(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            SELECT set_config('role', 'skillgate_app', false), set_config('skillgate.scope_all', @all, false),
                   set_config('skillgate.scope_units', @units, false), set_config('skillgate.scope_self', @self, false)
            """,
            new
            {
                all = filter.All ? "true" : "false",
                units = "{" + string.Join(',', filter.OrgUnitIds) + "}",
                self = holder.Self?.ToString() ?? "",
            }, cancellationToken: ct));
        return holder;
    }

    private sealed record Holder(Func<CancellationToken, Task<ScopeFilter>> Resolve, Guid? Self)
    {
        public static readonly Holder System = new(_ => Task.FromResult(ScopeFilter.Everything), null);
    }

    private sealed class Restore(Holder? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
