namespace Skillgate.Platform.Statistics;

/// <summary>Reporting periods: a day, an ISO week (from Monday, as PostgreSQL's date_trunc) or a month, named by their first day.</summary>
internal static class Periods
{
    public static DateOnly Start(string period, DateOnly day) => period switch
    {
        "day" => day,
        "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    public static DateOnly Next(string period, DateOnly start) => period switch
    {
        "day" => start.AddDays(1),
        "week" => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    /// <summary>The start of every period from <paramref name="from"/>'s to <paramref name="to"/>'s.</summary>
    public static IReadOnlyList<DateOnly> Between(string period, DateOnly from, DateOnly to)
    {
        var list = new List<DateOnly>();
        for (var p = Start(period, from); p <= to; p = Next(period, p))
        {
            list.Add(p);
        }

        return list;
    }

    /// <summary>The start of the period <paramref name="count"/> periods before the one holding <paramref name="day"/>.</summary>
    public static DateOnly Back(string period, DateOnly day, int count) => period switch
    {
        "day" => day.AddDays(-count),
        "week" => Start(period, day).AddDays(-7 * count),
        _ => Start(period, day).AddMonths(-count),
    };
}
