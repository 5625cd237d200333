using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// Resolves the database before the web host is built: <c>ConnectionStrings:Default</c> (the application's role) and
/// <c>ConnectionStrings:Owner</c> (the owner's, for migrations; the application's when not set) when configured, otherwise the
/// embedded cluster under <c>Skillgate:DataPath</c> (default ./data), whose superuser creates both roles (ADR 0004).
/// </summary>
internal static class DatabaseBootstrap
{
    public const string DatabaseName = "skillgate";

    public static string DataPath(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Skillgate:DataPath"] is { Length: > 0 } p ? p : "data");

    /// <returns>The application's and the owner's connection strings and, for the embedded cluster, the server to stop on shutdown.</returns>
    public static async Task<(string App, string Owner, EmbeddedPostgres? Server)> ResolveAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        var configured = configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var owner = configuration.GetConnectionString("Owner");
            return (configured, string.IsNullOrWhiteSpace(owner) ? configured : owner, null);
        }

        var dataPath = DataPath(configuration);
        Directory.CreateDirectory(dataPath);
        var server = await EmbeddedPostgres.StartAsync(Path.Combine(dataPath, "pg"), ct);
        await CreateDatabaseIfMissingAsync(server.ConnectionString("postgres"), DatabaseName, template: null, ct);
        await DatabaseRoles.AdoptAsync(server.ConnectionString(DatabaseName), DatabaseName, ct);
        return (server.AppConnectionString(DatabaseName), server.OwnerConnectionString(DatabaseName), server);
    }

    /// <summary>Creates a database owned by <see cref="DatabaseRoles.Owner"/> unless it exists; run as a superuser.</summary>
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

        var sql = $"CREATE DATABASE \"{name}\" OWNER {DatabaseRoles.Owner}" + (template is null ? "" : $" TEMPLATE \"{template}\"");
        await using var create = new NpgsqlCommand(sql, connection);
        await create.ExecuteNonQueryAsync(ct);
    }
}
