using System.Diagnostics;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Backup;

/// <summary>Runs PostgreSQL's own client programs against a server given by an Npgsql connection string.</summary>
internal static class PgTools
{
    /// <summary>A consistent snapshot of the whole database (one transaction) in pg_dump's custom format.</summary>
    public static Task DumpAsync(string connectionString, string file, CancellationToken ct) =>
        RunAsync("pg_dump", connectionString, ["--format=custom", "--no-password", "--file", file], ct);

    /// <summary>Loads a dump into the (empty) database of the connection; stops at the first error.</summary>
    public static Task RestoreAsync(string connectionString, string file, bool keepOwners, CancellationToken ct) =>
        RunAsync("pg_restore", connectionString,
            ["--exit-on-error", "--no-password", "--single-transaction", .. keepOwners ? Array.Empty<string>() : ["--no-owner"], "--dbname", Database(connectionString), file], ct);

    private static string Database(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres";

    private static async Task RunAsync(string program, string connectionString, string[] args, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(EmbeddedPostgres.Binary(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // libpq reads the same settings from its environment; a password never shows on a command line.
        start.Environment["PGHOST"] = cs.Host;
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username;
        start.Environment["PGPASSWORD"] = cs.Password;
        start.Environment["PGDATABASE"] = cs.Database;
        start.Environment["PGCONNECT_TIMEOUT"] = "15";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}");
        }
    }
}
