using System.Globalization;
using System.Text.RegularExpressions;
using Skillgate.Platform.Time;

namespace Skillgate.Modules.Training.Sessions;

/// <summary>
/// A shift group's daily working hours, read from its pattern text ("三班倒 16:00-24:00", "常日班 08:30-17:30"); a shift that
/// ends at or before it starts runs past midnight. The hours are the wall clock of the person's unit, in its time zone, so a
/// shift keeps its local hours across a daylight-saving change.
/// </summary>
internal static partial class ShiftPattern
{
    [GeneratedRegex(@"(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})")]
    private static partial Regex Hours();

    /// <summary>The shift's occurrences (in UTC) that overlap the session, or none when the pattern names no hours.</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Overlaps(string pattern, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone)
    {
        if (Hours().Match(pattern) is not { Success: true } m)
        {
            yield break;
        }

        var from = TimeSpan.FromHours(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) + TimeSpan.FromMinutes(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var to = TimeSpan.FromHours(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)) + TimeSpan.FromMinutes(int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture));
        if (to <= from)
        {
            to += TimeSpan.FromDays(1);
        }

        for (var day = LocalDays.DayOf(zone, start).AddDays(-1); day <= LocalDays.DayOf(zone, end); day = day.AddDays(1))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            var shiftStart = LocalDays.InstantOf(zone, midnight + from);
            var shiftEnd = LocalDays.InstantOf(zone, midnight + to);
            if (shiftStart < end && shiftEnd > start)
            {
                yield return (shiftStart.ToUniversalTime(), shiftEnd.ToUniversalTime());
            }
        }
    }
}
