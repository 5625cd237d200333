using Npgsql;

namespace Skillgate.Platform.Health;

/// <summary>The database answers: whether it is the primary or a standby, and at which migration.</summary>
internal sealed class DatabaseHealth(NpgsqlDataSource dataSource, TimeProvider clock) : IHealthReporter
{
    public async Task<HealthItem> ReportAsync(bool probe, CancellationToken ct)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT (SELECT max(version) FROM platform.schema_migration), pg_is_in_recovery()");
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new HealthItem("database", true, $"{(reader.GetBoolean(1) ? "standby" : "primary")}, migration {reader.GetInt32(0)}", clock.GetUtcNow());
        }
        catch (NpgsqlException e)
        {
            return new HealthItem("database", false, e.Message, clock.GetUtcNow());
        }
    }
}
