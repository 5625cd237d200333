using Npgsql;

namespace Skillgate.Platform.Health;

/// <summary>The database answers, at which migration.</summary>
internal sealed class DatabaseHealth(NpgsqlDataSource dataSource, TimeProvider clock) : IHealthReporter
{
    public async Task<HealthItem> ReportAsync(bool probe, CancellationToken ct)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT max(version) FROM platform.schema_migration");
            return new HealthItem("database", true, $"migration {await cmd.ExecuteScalarAsync(ct)}", clock.GetUtcNow());
        }
        catch (NpgsqlException e)
        {
            return new HealthItem("database", false, e.Message, clock.GetUtcNow());
        }
    }
}
