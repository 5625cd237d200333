using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// The module contexts' side of the unit of work's one connection (ADR 0011): the connection stays open from its first use
/// to the end of the unit — EF would otherwise close and reopen it around every query, each time resetting it and setting the
/// scope again — and before each command it carries the caller's current scope (<see cref="SqlScope"/>), which changes when
/// a handler acts as the system for a while. One instance serves every pooled context; each event reaches the unit of work
/// of the context that raised it.
/// </summary>
internal sealed class ScopeInterceptor : IDbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    public static readonly ScopeInterceptor Instance = new();

    private ScopeInterceptor()
    {
    }

    public async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Work(eventData).Carries(await SqlScope.ApplyAsync((NpgsqlConnection)connection, cancellationToken));

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        ConnectionOpenedAsync(connection, eventData).GetAwaiter().GetResult();

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(ConnectionClosing(connection, eventData, result));

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        connection.State == ConnectionState.Open ? InterceptionResult.Suppress() : result;

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await Work(eventData).CarryCurrentScopeAsync(cancellationToken);
        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Work(eventData).CarryCurrentScopeAsync(CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await Work(eventData).CarryCurrentScopeAsync(cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Work(eventData).CarryCurrentScopeAsync(CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await Work(eventData).CarryCurrentScopeAsync(cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Work(eventData).CarryCurrentScopeAsync(CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    // A scope set inside a transaction that rolls back is undone with it.
    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Work(eventData).ScopeUnknown();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Work(eventData).ScopeUnknown();

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Work(eventData).ScopeUnknown();
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Work(eventData).ScopeUnknown();

    private static UnitOfWork Work(DbContextEventData eventData) =>
        (eventData.Context as ModuleDb ?? throw new InvalidOperationException("Only module contexts use the unit of work's connection.")).Work;
}
