namespace Skillgate.Platform.Time;

/// <summary>
/// A zone's local days and the instants that start them (ADR 0023). Where a day does not begin at midnight — a zone whose
/// clocks jump over 00:00 on a daylight-saving change — it begins at the first local time that exists.
/// </summary>
internal static class LocalDays
{
    public static DateOnly DayOf(TimeZoneInfo zone, DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    public static DateTimeOffset StartOf(TimeZoneInfo zone, DateOnly day) => InstantOf(zone, day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified));

    /// <summary>
    /// The instant a wall-clock time in the zone stands for (a time a plant's system wrote without an offset). A time the clocks
    /// skipped is moved forward a minute at a time until it exists (a day's midnight in such a zone becomes its first minute); a time that happened twice, as its first occurrence.
    /// </summary>
    public static DateTimeOffset InstantOf(TimeZoneInfo zone, DateTime wallClock)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        // An ambiguous local time (clocks set back) is taken at its first occurrence, the larger offset.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The instant the day after <paramref name="day"/> starts: the end (exclusive) of that day.</summary>
    public static DateTimeOffset EndOf(TimeZoneInfo zone, DateOnly day) => StartOf(zone, day.AddDays(1));
}
