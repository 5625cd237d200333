using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// Resolves the database before the web host is built: <c>ConnectionStrings:Default</c> when set,
/// otherwise the embedded cluster under <c>Skillgate:DataPath</c> (default ./data).
/// </summary>
internal static class DatabaseBootstrap
{
    public const string DatabaseName = "skillgate";

    public static string DataPath(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Skillgate:DataPath"] is { Length: > 0 } p ? p : "data");

    /// <returns>The connection string and, for the embedded cluster, the server to stop on shutdown.</returns>
    public static async Task<(string ConnectionString, EmbeddedPostgres? Server)> ResolveAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        var configured = configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, null);
        }

        var dataPath = DataPath(configuration);
        Directory.CreateDirectory(dataPath);
        var server = await EmbeddedPostgres.StartAsync(Path.Combine(dataPath, "pg"), ct);
        await CreateDatabaseIfMissingAsync(server.ConnectionString("postgres"), DatabaseName, template: null, ct);
        return (server.ConnectionString(DatabaseName), server);
    }

    public static async Task CreateDatabaseIfMissingAsync(string adminConnectionString, string name, string? template, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", connection);
        exists.Parameters.AddWithValue("n", name);
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        var sql = $"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\"");
        await using var create = new NpgsqlCommand(sql, connection);
        await create.ExecuteNonQueryAsync(ct);
    }
}
