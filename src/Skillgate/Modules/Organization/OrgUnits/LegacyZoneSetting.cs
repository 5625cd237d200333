using System.Globalization;
using Dapper;
using Skillgate.Platform.Data;
using Skillgate.Platform.Time;

namespace Skillgate.Modules.Organization.OrgUnits;

/// <summary>
/// The offset settings that time zones replaced (ADR 0023). On start, an installation that still sets the plant offset has its
/// top units take the zone the offset stands for, once, if they are still on the default zone; both settings are reported as
/// no longer read, so the operator removes them.
/// </summary>
/// <remarks>Resolves its parts when it runs: hosted services are built before the database has started.</remarks>
internal sealed class LegacyZoneSetting(IServiceProvider services, IConfiguration configuration, ILogger<LegacyZoneSetting> logger) : IHostedService
{
    public const string PlantKey = "Skillgate:Training:PlantUtcOffsetHours";
    public const string PhotoKey = "Skillgate:Training:PhotoUtcOffsetHours";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var key in new[] { PlantKey, PhotoKey }.Where(k => !string.IsNullOrWhiteSpace(configuration[k])))
        {
            logger.LogWarning("{Setting} is no longer read: days and times follow each org unit's time zone (组织 → unit → 时区). Remove the setting.", key);
        }

        if (configuration[PlantKey] is not { Length: > 0 } text)
        {
            return;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) || PlantZones.OfLegacyOffset(hours) is not { } zone)
        {
            logger.LogError("{Setting} = {Value} is not an offset a time zone has; set the group's zone on its page instead.", PlantKey, text);
            return;
        }

        if (await AdoptAsync(text, zone, cancellationToken) is { Count: > 0 } units)
        {
            services.GetRequiredService<PlantTime>().Forget();
            logger.LogWarning("{Setting} = {Value}: the top units {Units} now use the time zone {Zone}.", PlantKey, text, string.Join(", ", units), zone);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The codes of the top units that took the zone; none when the setting was adopted before.</summary>
    private async Task<IReadOnlyList<string>> AdoptAsync(string value, string zone, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await using var tx = await work.BeginAsync(ct);
        var first = await tx.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO org.zone_adoption (setting, value, time_zone, adopted_at) VALUES (@setting, @value, @zone, @now) ON CONFLICT (setting) DO NOTHING",
            new { setting = PlantKey, value, zone, now }, tx.Sql, cancellationToken: ct)) == 1;
        var units = !first || zone == PlantZones.Default ? [] : (await tx.Connection.QueryAsync<(Guid Id, string Code)>(new CommandDefinition(
            "UPDATE org.org_unit SET time_zone = @zone, version = version + 1 WHERE parent_id IS NULL AND time_zone = @old RETURNING id, code",
            new { zone, old = PlantZones.Default }, tx.Sql, cancellationToken: ct))).ToList();
        foreach (var (id, _) in units)
        {
            await tx.AuditAsync("updated", "org_unit", id, new { time_zone = PlantZones.Default }, new { time_zone = zone, setting = PlantKey, value });
        }

        await tx.CommitAsync(ct);
        return units.Select(u => u.Code).ToList();
    }
}
