using Npgsql;

/// <summary>
/// Where the database's time goes during a measured phase, from <c>pg_stat_statements</c> — only when the cluster preloads it
/// (start it with <c>-c shared_preload_libraries=pg_stat_statements</c> and point <c>SKILLGATE_BENCH_DATA</c> at its folder).
/// </summary>
internal static class StatementStats
{
    /// <returns>Whether statistics are being collected.</returns>
    public static async Task<bool> ResetAsync(NpgsqlDataSource data)
    {
        try
        {
            await using var cmd = data.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();");
            await cmd.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    /// <param name="shown">How many statements to list, the costliest first (SKILLGATE_BENCH_STATEMENTS overrides it).</param>
    public static async Task PrintAsync(NpgsqlDataSource data, int per, int shown = 25)
    {
        shown = int.TryParse(Environment.GetEnvironmentVariable("SKILLGATE_BENCH_STATEMENTS"), out var wanted) ? wanted : shown;
        await using var cmd = data.CreateCommand(
            """
            SELECT calls, total_exec_time, total_plan_time, rows, regexp_replace(query, '\s+', ' ', 'g'), sum(calls) OVER ()
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time + total_plan_time DESC LIMIT $1
            """);
        cmd.Parameters.AddWithValue(shown);
        await using var reader = await cmd.ExecuteReaderAsync();
        var header = false;
        while (await reader.ReadAsync())
        {
            if (!header)
            {
                header = true;
                Console.WriteLine($"  statements (pg_stat_statements; per item = per one of {per:N0}; {reader.GetDecimal(5) / per:F1} statements per item in all):");
            }

            var query = reader.GetString(4);
            Console.WriteLine($"    {reader.GetInt64(0) / (double)per,6:F1} calls  {(reader.GetDouble(1) + reader.GetDouble(2)) / per,7:F3} ms  {query[..Math.Min(query.Length, 150)]}");
        }
    }
}
