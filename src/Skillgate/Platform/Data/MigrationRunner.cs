using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// Applies the numbered SQL files embedded under Platform/Data/Migrations, forward only,
/// each in its own transaction, under a PostgreSQL advisory lock so that several nodes
/// starting together apply each file once.
/// </summary>
internal static class MigrationRunner
{
    private const long LockKey = 0x5_4B_1_11_6A7E;

    public sealed record Migration(int Version, string Name, string Sql, string Checksum);

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string marker = ".Platform.Data.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
                var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                var sql = Read(assembly, n);
                var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
                return new Migration(version, file, sql, checksum);
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <returns>The migrations this call applied.</returns>
    public static async Task<IReadOnlyList<int>> ApplyAsync(string connectionString, CancellationToken ct = default)
    {
        var applied = new List<int>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await Execute(connection, $"SELECT pg_advisory_lock({LockKey})", ct);
        try
        {
            await Execute(connection, """
                CREATE SCHEMA IF NOT EXISTS platform;
                CREATE TABLE IF NOT EXISTS platform.schema_migration (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now());
                """, ct);
            var done = new Dictionary<int, string>();
            await using (var cmd = new NpgsqlCommand("SELECT version, checksum FROM platform.schema_migration", connection))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    done[reader.GetInt32(0)] = reader.GetString(1);
                }
            }

            foreach (var migration in Embedded())
            {
                if (done.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Name} was changed after it was applied (checksum {checksum} in the database, {migration.Checksum} in the build). Migrations are forward-only: add a new file instead.");
                    }

                    continue;
                }

                await using var tx = await connection.BeginTransactionAsync(ct);
                await using (var cmd = new NpgsqlCommand(migration.Sql, connection, tx) { CommandTimeout = 0 })
                {
                    await cmd.ExecuteNonQueryAsync(ct);
                }

                await using (var record = new NpgsqlCommand(
                    "INSERT INTO platform.schema_migration (version, name, checksum) VALUES (@v, @n, @c)", connection, tx))
                {
                    record.Parameters.AddWithValue("v", migration.Version);
                    record.Parameters.AddWithValue("n", migration.Name);
                    record.Parameters.AddWithValue("c", migration.Checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                applied.Add(migration.Version);
            }

            await Execute(connection, "SELECT platform.grant_app_role()", ct);
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }

        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
