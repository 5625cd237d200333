using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>Connections EF Core opens carry the caller's scope too (<see cref="SqlScope"/>).</summary>
internal sealed class ScopeInterceptor : DbConnectionInterceptor
{
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        SqlScope.ApplyAsync((NpgsqlConnection)connection, cancellationToken);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        SqlScope.ApplyAsync((NpgsqlConnection)connection, CancellationToken.None).GetAwaiter().GetResult();
}
