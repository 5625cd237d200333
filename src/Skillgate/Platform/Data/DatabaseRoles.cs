using Dapper;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// The two database roles of least privilege (ADR 0004): <c>skillgate_owner</c> owns the database and its objects and runs the
/// migrations; the application connects as <c>skillgate_app</c>, which is no superuser, is bound by row security and may only
/// append to the audit trail. The embedded cluster's superuser creates both; for an external server the README gives the SQL.
/// </summary>
internal static class DatabaseRoles
{
    public const string Owner = "skillgate_owner";
    public const string App = "skillgate_app";

    /// <summary>Creates or updates both roles (their passwords follow the files that hold them); run as a superuser.</summary>
    public static async Task EnsureAsync(string superuserConnectionString, string ownerPassword, string appPassword, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(superuserConnectionString);
        await connection.OpenAsync(ct);
        foreach (var (role, password, options) in new[]
                 {
                     (Owner, ownerPassword, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"),
                     (App, appPassword, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"),
                 })
        {
            var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)", new { role }, cancellationToken: ct));
            var literal = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT quote_literal(@password)", new { password }, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                $"{(exists ? "ALTER" : "CREATE")} ROLE {role} {options} PASSWORD {literal}", cancellationToken: ct));
        }

        // The owner grants the application role its privileges and may act as it (migration 0018 asks for that).
        await connection.ExecuteAsync(new CommandDefinition($"GRANT {App} TO {Owner} WITH ADMIN OPTION", cancellationToken: ct));
    }

    /// <summary>
    /// Hands the database and everything in its own schemas to the owner: for a database created before the roles existed,
    /// whose objects the superuser owns. Run as a superuser, connected to that database; does nothing when all is in order.
    /// </summary>
    public static async Task AdoptAsync(string superuserConnectionString, string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(superuserConnectionString);
        await connection.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"ALTER DATABASE \"{database}\" OWNER TO {Owner}", cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            $$"""
            DO $$
            DECLARE
                o record;
            BEGIN
                FOR o IN
                    SELECT format('ALTER SCHEMA %I OWNER TO {{Owner}}', n.nspname) AS sql
                    FROM pg_namespace n
                    WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public') AND n.nspowner <> '{{Owner}}'::regrole
                    UNION ALL
                    SELECT format('ALTER TABLE %s OWNER TO {{Owner}}', c.oid::regclass)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public')
                      AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relowner <> '{{Owner}}'::regrole
                    UNION ALL
                    SELECT format('ALTER SEQUENCE %s OWNER TO {{Owner}}', c.oid::regclass)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public')
                      AND c.relkind = 'S' AND c.relowner <> '{{Owner}}'::regrole
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
                    UNION ALL
                    SELECT format('ALTER ROUTINE %s OWNER TO {{Owner}}', p.oid::regprocedure)
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public') AND p.proowner <> '{{Owner}}'::regrole
                    UNION ALL
                    SELECT format('ALTER TYPE %s OWNER TO {{Owner}}', t.oid::regtype)
                    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public') AND t.typowner <> '{{Owner}}'::regrole
                      AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c'))
                LOOP
                    EXECUTE o.sql;
                END LOOP;
            END $$
            """, cancellationToken: ct));
    }

    /// <summary>The connection string of <paramref name="role"/> in place of the one given.</summary>
    public static string As(string connectionString, string role, string password) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = password }.ConnectionString;
}
