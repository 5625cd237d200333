using Dapper;
using Npgsql;

namespace Skillgate.Platform.Time;

/// <summary>
/// The time zone of each org unit (its own, else its nearest ancestor's: <c>org.unit_zone_v</c>) and its local days
/// (ADR 0023). A record's day is the day in the zone of the unit it belongs to, never the server's or the database session's.
/// The zones are read at most every <see cref="Lifetime"/> and at once after a change on this node.
/// </summary>
internal sealed class PlantTime(NpgsqlDataSource data, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Snapshot? current;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The unit's zone; for no unit (an installation-wide record) the zone of the first root.</summary>
    public async Task<TimeZoneInfo> ZoneOfAsync(Guid? unit, CancellationToken ct)
    {
        var zones = await ZonesAsync(ct);
        return unit is { } id && zones.ByUnit.TryGetValue(id, out var zone) ? zone : zones.Installation;
    }

    public async Task<DateOnly> TodayAsync(Guid? unit, CancellationToken ct) => LocalDays.DayOf(await ZoneOfAsync(unit, ct), Now);

    public async Task<DateOnly> DayOfAsync(Guid? unit, DateTimeOffset at, CancellationToken ct) => LocalDays.DayOf(await ZoneOfAsync(unit, ct), at);

    public async Task<DateTimeOffset> StartOfAsync(Guid? unit, DateOnly day, CancellationToken ct) => LocalDays.StartOf(await ZoneOfAsync(unit, ct), day);

    public void Dispose() => loading.Dispose();

    /// <summary>Drops what this node remembers, after a unit's zone, parent or existence changed here.</summary>
    public void Forget() => current = null;

    private async Task<Snapshot> ZonesAsync(CancellationToken ct)
    {
        if (current is { } fresh && clock.GetUtcNow() - fresh.ReadAt < Lifetime)
        {
            return fresh;
        }

        await loading.WaitAsync(ct);
        try
        {
            if (current is { } loaded && clock.GetUtcNow() - loaded.ReadAt < Lifetime)
            {
                return loaded;
            }

            await using var connection = await data.OpenConnectionAsync(ct);
            var rows = (await connection.QueryAsync<(Guid Unit, string Zone)>(new CommandDefinition(
                "SELECT z.unit_id, z.time_zone FROM org.unit_zone_v z WHERE z.time_zone IS NOT NULL", cancellationToken: ct))).ToList();
            var installation = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                "SELECT z.time_zone FROM org.org_unit_v u JOIN org.unit_zone_v z ON z.unit_id = u.id WHERE u.parent_id IS NULL ORDER BY u.sort, u.code LIMIT 1", cancellationToken: ct));
            var known = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
            TimeZoneInfo Zone(string id) => known.TryGetValue(id, out var z) ? z : known[id] = TimeZoneInfo.FindSystemTimeZoneById(id);
            var snapshot = new Snapshot(rows.ToDictionary(r => r.Unit, r => Zone(r.Zone)), Zone(installation ?? PlantZones.Default), clock.GetUtcNow());
            current = snapshot;
            return snapshot;
        }
        finally
        {
            loading.Release();
        }
    }

    private sealed record Snapshot(Dictionary<Guid, TimeZoneInfo> ByUnit, TimeZoneInfo Installation, DateTimeOffset ReadAt);
}
