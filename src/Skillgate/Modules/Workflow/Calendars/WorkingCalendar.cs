namespace Skillgate.Modules.Workflow.Calendars;

/// <summary>
/// A plant's working time: the working window of a day in its time zone, the working weekdays (ISO, Monday = 1), holidays and
/// make-up working days (调休). A time limit in working hours counts only time inside the window on working days.
/// </summary>
internal sealed class WorkingCalendar(TimeZoneInfo zone, TimeOnly dayStart, TimeOnly dayEnd, IReadOnlySet<int> workdays, IReadOnlyDictionary<DateOnly, bool> specialDays)
{
    private const int MaxDays = 3660;

    public bool IsWorkingDay(DateOnly day) =>
        specialDays.TryGetValue(day, out var working) ? working : workdays.Contains(day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek);

    /// <summary>The moment <paramref name="hours"/> after <paramref name="start"/>: calendar hours as they are, working hours inside the windows.</summary>
    public DateTimeOffset Add(DateTimeOffset start, decimal hours, bool working)
    {
        if (!working || hours <= 0)
        {
            return start.AddTicks((long)(hours * TimeSpan.TicksPerHour));
        }

        var remaining = TimeSpan.FromTicks((long)(hours * TimeSpan.TicksPerHour));
        var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        for (var i = 0; i < MaxDays; i++)
        {
            var day = DateOnly.FromDateTime(local);
            if (IsWorkingDay(day))
            {
                var open = day.ToDateTime(dayStart);
                var close = day.ToDateTime(dayEnd);
                var cursor = local < open ? open : local;
                if (cursor < close)
                {
                    var available = close - cursor;
                    if (remaining <= available)
                    {
                        return ToUtc(cursor + remaining);
                    }

                    remaining -= available;
                }
            }

            local = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        }

        throw new InvalidOperationException("The calendar has no working time in ten years.");
    }

    private DateTimeOffset ToUtc(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
}
