using Dapper;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Platform.Audit;

namespace Skillgate.Platform.Data;

/// <summary>
/// A request's one unit of work (ADR 0011): the connection every module's context and every plain SQL statement use, and
/// its current transaction. A transaction begun here holds all module contexts, so work that crosses modules (a session's
/// result recording a competence) commits or fails as one; a save in one context also saves what the platform and the
/// other modules added meanwhile (a stored file, a signature), in one transaction. Plain SQL writes record their audit rows
/// through the transaction (<see cref="UnitOfWorkTransaction.AuditAsync(string, string, Guid, object?, object?)"/>), with
/// the unit's actor and clock; EF writes get theirs from <see cref="AuditingInterceptor"/>. The connection is taken from the
/// pool once, at first use, and given back when the unit ends (<see cref="ScopeInterceptor"/>).
/// </summary>
internal sealed class UnitOfWork(NpgsqlDataSource dataSource, AuditActor actor, TimeProvider clock) : IAsyncDisposable, IDisposable
{
    private readonly List<ModuleDb> _contexts = [];
    private readonly Dictionary<object, Func<CancellationToken, Task>> _beforeCommit = [];
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    // The scope the open connection carries (SqlScope.Scope); null when not known.
    private object? _scope;

    public NpgsqlConnection Connection => _connection ??= dataSource.CreateConnection();

    /// <summary>The open connection and current transaction, for plain SQL that must commit with the change.</summary>
    public async Task<(NpgsqlConnection Connection, DbTransaction? Transaction)> SqlAsync(CancellationToken ct)
    {
        await OpenAsync(ct);
        return (Connection, _transaction);
    }

    /// <summary>Begins the unit's transaction; inside one already begun, the outer one decides.</summary>
    public async Task<UnitOfWorkTransaction> BeginAsync(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            return new UnitOfWorkTransaction(this, owner: false);
        }

        await OpenAsync(ct);
        _transaction = await Connection.BeginTransactionAsync(ct);
        foreach (var context in _contexts)
        {
            await context.Database.UseTransactionAsync(_transaction, ct);
        }

        return new UnitOfWorkTransaction(this, owner: true);
    }

    internal void Join(ModuleDb context) => _contexts.Add(context);

    internal void Leave(ModuleDb context) => _contexts.Remove(context);

    /// <summary>Who the unit's changes are recorded as.</summary>
    internal AuditActor Actor => actor;

    /// <summary>
    /// Work that runs once, in the unit's transaction, just before it commits — registered again under the same key, still
    /// once; dropped if the transaction rolls back. For consequences that need judging once per change, not once per step.
    /// </summary>
    /// <returns>True when the key was not yet registered in this transaction (its work starts afresh).</returns>
    public bool BeforeCommit(object key, Func<CancellationToken, Task> work)
    {
        _ = _transaction ?? throw new InvalidOperationException("Work before commit is registered inside the unit's transaction.");
        return _beforeCommit.TryAdd(key, work);
    }

    /// <summary>Records one change of plain SQL in the audit trail, in the unit's transaction (which must be begun).</summary>
    public Task AuditAsync(string action, string entityType, Guid entityId, object? before, object? after) =>
        AuditAsync([new AuditRow(action, entityType, entityId, before, after)]);

    public Task AuditAsync(IReadOnlyList<AuditRow> rows) =>
        AuditSql.WriteManyAsync(Connection, _transaction ?? throw new InvalidOperationException("Audit rows are written inside the unit's transaction."),
            actor.Current, clock.GetUtcNow().UtcDateTime, rows);

    internal NpgsqlTransaction Transaction => _transaction ?? throw new InvalidOperationException("The unit has no transaction.");

    /// <summary>Saves <paramref name="saving"/> after the pending changes of the unit's other contexts (the platform's first), all in one transaction.</summary>
    internal async Task<int> SaveAsync(ModuleDb saving, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var others = _contexts.Where(c => c != saving && c.ChangeTracker.HasChanges()).OrderBy(c => c is PlatformDb ? 0 : 1).ToList();
        if (others.Count == 0)
        {
            await EnlistAsync(saving, ct);
            return await saving.SaveOwnChangesAsync(acceptAllChangesOnSuccess, ct);
        }

        await using var transaction = await BeginAsync(ct);
        var saved = 0;
        foreach (var other in others)
        {
            await EnlistAsync(other, ct);
            saved += await other.SaveOwnChangesAsync(true, ct);
        }

        await EnlistAsync(saving, ct);
        saved += await saving.SaveOwnChangesAsync(acceptAllChangesOnSuccess, ct);
        await transaction.CommitAsync(ct);
        return saved;
    }

    internal async Task EndAsync(bool commit, CancellationToken ct)
    {
        if (commit)
        {
            try
            {
                await RunBeforeCommitAsync(ct);
            }
            catch
            {
                await EndAsync(commit: false, ct);
                throw;
            }
        }

        _beforeCommit.Clear();
        var transaction = _transaction!;
        _transaction = null;
        try
        {
            if (commit)
            {
                await transaction.CommitAsync(ct);
            }
            else
            {
                _scope = null;
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
        catch
        {
            _scope = null;
            throw;
        }
        finally
        {
            foreach (var context in _contexts)
            {
                await context.Database.UseTransactionAsync(null, CancellationToken.None);
            }

            await transaction.DisposeAsync();
        }
    }

    private async Task RunBeforeCommitAsync(CancellationToken ct)
    {
        // Work may register more work (points paid by work run here); each registration runs once.
        while (_beforeCommit.Count > 0)
        {
            var pending = _beforeCommit.ToList();
            foreach (var (key, work) in pending)
            {
                _beforeCommit.Remove(key);
                await work(ct);
            }
        }
    }

    internal void Carries(object scope) => _scope = scope;

    internal void ScopeUnknown() => _scope = null;

    /// <summary>Before a statement on the open connection: sets the caller's scope if the connection carries another.</summary>
    internal async Task CarryCurrentScopeAsync(CancellationToken ct)
    {
        if (Connection.State == System.Data.ConnectionState.Open && !ReferenceEquals(_scope, SqlScope.Scope))
        {
            _scope = await SqlScope.ApplyAsync(Connection, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await EndAsync(commit: false, CancellationToken.None);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task EnlistAsync(ModuleDb context, CancellationToken ct)
    {
        if (_transaction is not null && context.Database.CurrentTransaction is null)
        {
            await context.Database.UseTransactionAsync(_transaction, ct);
        }
    }

    /// <summary>Opens the connection, which stays open until the unit ends, with the caller's current scope.</summary>
    private async Task OpenAsync(CancellationToken ct)
    {
        if (Connection.State != System.Data.ConnectionState.Open)
        {
            await Connection.OpenAsync(ct);
            _scope = await SqlScope.ApplyAsync(Connection, ct);
            return;
        }

        await CarryCurrentScopeAsync(ct);
    }
}

/// <summary>A transaction of the <see cref="UnitOfWork"/>: rolled back when disposed uncommitted.</summary>
internal sealed class UnitOfWorkTransaction(UnitOfWork work, bool owner) : IAsyncDisposable
{
    private bool _ended = !owner;

    /// <summary>The unit's connection, for plain SQL in this transaction.</summary>
    public NpgsqlConnection Connection => work.Connection;

    /// <summary>The transaction to hand to plain SQL (Dapper's <c>transaction</c>).</summary>
    public NpgsqlTransaction Sql => work.Transaction;

    /// <summary>Records one change of plain SQL in the audit trail, committed with it.</summary>
    public Task AuditAsync(string action, string entityType, Guid entityId, object? before, object? after) =>
        work.AuditAsync(action, entityType, entityId, before, after);

    public Task AuditAsync(IReadOnlyList<AuditRow> rows) => work.AuditAsync(rows);

    public async Task CommitAsync(CancellationToken ct)
    {
        if (!_ended)
        {
            _ended = true;
            await work.EndAsync(commit: true, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            _ended = true;
            await work.EndAsync(commit: false, CancellationToken.None);
        }
    }
}
