using CsCheck;
using Dapper;
using FluentAssertions;
using Npgsql;
using Skillgate.Platform.Time;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The local day of an instant and the instant that starts a local day, checked against PostgreSQL's own zone rules
/// (<c>AT TIME ZONE</c>) — an independent implementation of the same IANA data — over random instants and days in zones
/// with and without daylight-saving time; then the edge cases PostgreSQL resolves differently on purpose.
/// </summary>
[Trait("Category", "PlantTime")]
public sealed class LocalDaysTests
{
    private static readonly string[] Zones = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];

    [Fact]
    public async Task Days_and_their_starts_agree_with_PostgreSQL_in_every_zone()
    {
        await using var data = NpgsqlDataSource.Create(await TestCluster.CreateDatabaseAsync(migrated: false));
        await using var db = await data.OpenConnectionAsync();
        var instants = Gen.Select(Gen.Int[0, Zones.Length - 1], Gen.Long[new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), new DateTimeOffset(2030, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()]);
        await instants.SampleAsync(async sample =>
        {
            var (zone, seconds) = sample;
            var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
            var tz = TimeZoneInfo.FindSystemTimeZoneById(Zones[zone]);
            var day = LocalDays.DayOf(tz, at);
            var pgDay = await db.ExecuteScalarAsync<DateOnly>("SELECT (@at AT TIME ZONE @zone)::date", new { at, zone = Zones[zone] });
            day.Should().Be(pgDay, $"{at:O} in {Zones[zone]}");

            var start = LocalDays.StartOf(tz, day);
            var pgStart = await db.ExecuteScalarAsync<DateTime>("SELECT (@day::timestamp AT TIME ZONE @zone)", new { day = day.ToDateTime(TimeOnly.MinValue), zone = Zones[zone] });
            if (!tz.IsInvalidTime(day.ToDateTime(TimeOnly.MinValue)) && !tz.IsAmbiguousTime(day.ToDateTime(TimeOnly.MinValue)))
            {
                start.UtcDateTime.Should().Be(DateTime.SpecifyKind(pgStart, DateTimeKind.Utc), $"the start of {day} in {Zones[zone]}");
            }

            start.Should().BeOnOrBefore(at);
            LocalDays.EndOf(tz, day).Should().BeAfter(at);
            LocalDays.DayOf(tz, start).Should().Be(day);
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void A_day_is_23_or_25_hours_long_across_a_daylight_saving_change()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        (LocalDays.EndOf(berlin, new DateOnly(2026, 3, 29)) - LocalDays.StartOf(berlin, new DateOnly(2026, 3, 29))).Should().Be(TimeSpan.FromHours(23));
        (LocalDays.EndOf(berlin, new DateOnly(2026, 10, 25)) - LocalDays.StartOf(berlin, new DateOnly(2026, 10, 25))).Should().Be(TimeSpan.FromHours(25));
        LocalDays.StartOf(berlin, new DateOnly(2026, 3, 30)).Should().Be(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_day_whose_midnight_does_not_exist_starts_at_its_first_local_minute()
    {
        // Santiago moved its clocks from 00:00 to 01:00 on 2022-09-11: that day starts at 01:00 local, 04:00 UTC.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        LocalDays.StartOf(santiago, new DateOnly(2022, 9, 11)).Should().Be(new DateTimeOffset(2022, 9, 11, 4, 0, 0, TimeSpan.Zero));
        LocalDays.DayOf(santiago, LocalDays.StartOf(santiago, new DateOnly(2022, 9, 11))).Should().Be(new DateOnly(2022, 9, 11));
    }

    [Fact]
    public void Half_past_seven_in_Shanghai_is_that_day_though_it_is_the_day_before_in_UTC()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var found = new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero);
        LocalDays.DayOf(shanghai, found).Should().Be(new DateOnly(2026, 12, 2));
    }
}
