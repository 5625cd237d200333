using Dapper;
using Npgsql;

namespace Skillgate.Platform.Time;

/// <summary>
/// The time zone of each org unit (its own, else its nearest ancestor's: <c>org.unit_zone_v</c>) and its local days
/// (ADR 0023). A record's day is the day in the zone of the unit it belongs to, never the server's or the database session's.
/// The zones are read at most every <see cref="Lifetime"/>, and again at once after any change of the tree's zones or shape,
/// whoever made it: a trigger on the org tree announces it on <see cref="Channel"/> to every node.
/// </summary>
internal sealed class PlantTime(NpgsqlDataSource data, TimeProvider clock) : IDisposable
{
    public const string Channel = "skillgate_plant_time";

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile UnitZones? current;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The unit's zone; for no unit (an installation-wide record) the zone of the first root.</summary>
    public async Task<TimeZoneInfo> ZoneOfAsync(Guid? unit, CancellationToken ct) => (await ZonesAsync(ct)).ZoneOf(unit);

    public async Task<DateOnly> TodayAsync(Guid? unit, CancellationToken ct) => LocalDays.DayOf(await ZoneOfAsync(unit, ct), Now);

    public async Task<DateOnly> DayOfAsync(Guid? unit, DateTimeOffset at, CancellationToken ct) => LocalDays.DayOf(await ZoneOfAsync(unit, ct), at);

    public async Task<DateTimeOffset> StartOfAsync(Guid? unit, DateOnly day, CancellationToken ct) => LocalDays.StartOf(await ZoneOfAsync(unit, ct), day);

    public void Dispose() => loading.Dispose();

    /// <summary>Drops what this node remembers, after a unit's zone, parent or existence changed.</summary>
    public void Forget() => current = null;

    /// <summary>Every unit's zone at once, for work that asks for many (an ingestion, a report over lines).</summary>
    public async Task<UnitZones> ZonesAsync(CancellationToken ct)
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
            var snapshot = new UnitZones(rows.ToDictionary(r => r.Unit, r => Zone(r.Zone)), Zone(installation ?? PlantZones.Default), clock.GetUtcNow());
            current = snapshot;
            return snapshot;
        }
        finally
        {
            loading.Release();
        }
    }
}

/// <summary>The zones of all units as read at <see cref="ReadAt"/>.</summary>
internal sealed record UnitZones(Dictionary<Guid, TimeZoneInfo> ByUnit, TimeZoneInfo Installation, DateTimeOffset ReadAt)
{
    /// <summary>The unit's zone; for no unit (an installation-wide record) or one not known, the zone of the first top unit.</summary>
    public TimeZoneInfo ZoneOf(Guid? unit) => unit is { } id && ByUnit.TryGetValue(id, out var zone) ? zone : Installation;

    public DateOnly TodayOf(Guid? unit, DateTimeOffset now) => LocalDays.DayOf(ZoneOf(unit), now);

    /// <summary>The local days it is somewhere in the installation at <paramref name="now"/> (one, or two or three across zones).</summary>
    public IReadOnlyList<DateOnly> Todays(DateTimeOffset now) =>
        ByUnit.Values.Append(Installation).Distinct().Select(z => LocalDays.DayOf(z, now)).Distinct().Order().ToList();
}
