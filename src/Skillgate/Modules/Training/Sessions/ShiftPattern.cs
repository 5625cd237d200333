using System.Globalization;
using System.Text.RegularExpressions;

namespace Skillgate.Modules.Training.Sessions;

/// <summary>
/// A shift group's daily working hours, read from its pattern text ("三班倒 16:00-24:00", "常日班 08:30-17:30"); a shift that
/// ends at or before it starts runs past midnight.
/// </summary>
internal static partial class ShiftPattern
{
    [GeneratedRegex(@"(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})")]
    private static partial Regex Hours();

    /// <summary>The shift's occurrences (in UTC) that overlap the session, or none when the pattern names no hours.</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Overlaps(string pattern, DateTimeOffset start, DateTimeOffset end, TimeSpan plantOffset)
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

        var localStart = start.ToOffset(plantOffset);
        for (var day = localStart.Date.AddDays(-1); day <= end.ToOffset(plantOffset).Date; day = day.AddDays(1))
        {
            var shiftStart = new DateTimeOffset(day + from, plantOffset);
            var shiftEnd = new DateTimeOffset(day + to, plantOffset);
            if (shiftStart < end && shiftEnd > start)
            {
                yield return (shiftStart.ToUniversalTime(), shiftEnd.ToUniversalTime());
            }
        }
    }
}
