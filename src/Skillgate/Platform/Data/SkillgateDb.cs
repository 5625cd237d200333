using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>One unit of work per request: entities of every module, mapped onto the SQL schema.</summary>
internal sealed class SkillgateDb(DbContextOptions<SkillgateDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SkillgateDb).Assembly);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    /// <summary>The unit of work's own connection and transaction, for plain SQL that must commit with the change.</summary>
    public async Task<(NpgsqlConnection Connection, DbTransaction? Transaction)> SqlAsync(CancellationToken ct)
    {
        await Database.OpenConnectionAsync(ct);
        return ((NpgsqlConnection)Database.GetDbConnection(), Database.CurrentTransaction?.GetDbTransaction());
    }

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
}
