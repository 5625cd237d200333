using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// A module's own EF Core context (ADR 0011): it maps the entities of its module's namespace and the platform's (accounts,
/// files, signatures, audit rows), nothing of another module, and works on the request's <see cref="UnitOfWork"/>.
/// </summary>
internal abstract class ModuleDb : DbContext
{
    private readonly UnitOfWork _work;
    private readonly string _schema;
    private readonly string _namespace;

    protected ModuleDb(DbContextOptions options, UnitOfWork work, string schema, string ownNamespace)
        : base(options)
    {
        _work = work;
        _schema = schema;
        _namespace = ownNamespace;
        work.Join(this);
    }

    /// <summary>Whether this context maps <paramref name="type"/>: its module's types and the platform's.</summary>
    public bool Owns(Type type) => InNamespace(type, _namespace) || InNamespace(type, PlatformDb.Namespace);

    /// <summary>The unit of work's open connection and current transaction, for plain SQL that must commit with the change.</summary>
    public Task<(NpgsqlConnection Connection, DbTransaction? Transaction)> SqlAsync(CancellationToken ct) => _work.SqlAsync(ct);

    /// <summary>Begins the unit of work's transaction, which every module's context shares.</summary>
    public Task<UnitOfWorkTransaction> BeginAsync(CancellationToken ct) => _work.BeginAsync(ct);

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        _work.SaveAsync(this, acceptAllChangesOnSuccess, cancellationToken);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        _work.SaveAsync(this, acceptAllChangesOnSuccess, CancellationToken.None).GetAwaiter().GetResult();

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

    private static bool InNamespace(Type type, string ns) =>
        type.Namespace is { } n && (n == ns || n.StartsWith(ns + ".", StringComparison.Ordinal));
}
