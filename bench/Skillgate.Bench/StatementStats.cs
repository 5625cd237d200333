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

    public static async Task PrintAsync(NpgsqlDataSource data, int per)
    {
        await using var cmd = data.CreateCommand(
            """
            SELECT calls, total_exec_time, total_plan_time, rows, regexp_replace(query, '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time + total_plan_time DESC LIMIT 25
            """);
        await using var reader = await cmd.ExecuteReaderAsync();
        Console.WriteLine($"  statements (pg_stat_statements; per item = per one of {per:N0}):");
        while (await reader.ReadAsync())
        {
            var query = reader.GetString(4);
            Console.WriteLine($"    {reader.GetInt64(0) / (double)per,6:F1} calls  {(reader.GetDouble(1) + reader.GetDouble(2)) / per,7:F3} ms  {query[..Math.Min(query.Length, 150)]}");
        }
    }
}
