using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// A module's own EF Core context (ADR 0011): it maps the entities of its module's namespace and the platform's (accounts,
/// files, signatures, audit rows), nothing of another module, and works on the request's <see cref="UnitOfWork"/>. Instances are
/// pooled (<see cref="ModuleDbRegistration"/>): one is leased to a unit of work and leaves it when disposed.
/// </summary>
internal abstract class ModuleDb : DbContext
{
    private readonly string _schema;
    private readonly string _namespace;
    private UnitOfWork? _work;

    protected ModuleDb(DbContextOptions options, string schema, string ownNamespace)
        : base(options)
    {
        _schema = schema;
        _namespace = ownNamespace;
    }

    /// <summary>The unit of work this context is leased to.</summary>
    internal UnitOfWork Work => _work ?? throw new InvalidOperationException("A module context is used only while leased to a unit of work.");

    /// <summary>Takes a context from the pool for <paramref name="work"/>: on the unit's connection, saved and committed with it.</summary>
    internal static TDb Lease<TDb>(IDbContextFactory<TDb> pool, UnitOfWork work)
        where TDb : ModuleDb
    {
        var db = pool.CreateDbContext();
        db._work = work;
        db.Database.SetDbConnection(work.Connection, contextOwnsConnection: false);
        work.Join(db);
        return db;
    }

    public override void Dispose()
    {
        Leave();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Leave();
        return base.DisposeAsync();
    }

    /// <summary>Whether this context maps <paramref name="type"/>: its module's types and the platform's.</summary>
    public bool Owns(Type type) => InNamespace(type, _namespace) || InNamespace(type, PlatformDb.Namespace);

    /// <summary>The unit of work's open connection and current transaction, for plain SQL that must commit with the change.</summary>
    public Task<(NpgsqlConnection Connection, DbTransaction? Transaction)> SqlAsync(CancellationToken ct) => Work.SqlAsync(ct);

    /// <summary>Begins the unit of work's transaction, which every module's context shares.</summary>
    public Task<UnitOfWorkTransaction> BeginAsync(CancellationToken ct) => Work.BeginAsync(ct);

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        Work.SaveAsync(this, acceptAllChangesOnSuccess, cancellationToken);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        Work.SaveAsync(this, acceptAllChangesOnSuccess, CancellationToken.None).GetAwaiter().GetResult();

    internal Task<int> SaveOwnChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct) => base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(_schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ModuleDb).Assembly, Owns);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    // Back in the pool, the context must not be reached through the unit it served (the unit's end clears its contexts' transaction).
    private void Leave()
    {
        _work?.Leave(this);
        _work = null;
    }

    private static bool InNamespace(Type type, string ns) =>
        type.Namespace is { } n && (n == ns || n.StartsWith(ns + ".", StringComparison.Ordinal));
}
