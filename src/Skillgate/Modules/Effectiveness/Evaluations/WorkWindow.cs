namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// Which part of quality's yearly work arrays an evaluation reads, and the panel period each element falls in. Slot k of a year
/// (element k + 1) is the year's k-th bucket: a bucket starts on 1 January, on each Monday and on each first of a month, so the
/// window's first and last periods, whole weeks or months, start and end on bucket boundaries.
/// </summary>
internal sealed class WorkWindow
{
    private readonly Dictionary<int, int[]> _periodOf = [];

    public WorkWindow(IReadOnlyList<DateOnly> periods, DateOnly from, DateOnly to)
    {
        var years = new List<int>();
        var low = new List<int>();
        var high = new List<int>();
        for (var year = from.Year; year <= to.Year; year++)
        {
            var buckets = Buckets(year);
            var first = SlotOf(buckets, from.Year == year ? from : new DateOnly(year, 1, 1));
            var last = SlotOf(buckets, to.Year == year ? to : new DateOnly(year, 12, 31));
            years.Add(year);
            low.Add(first + 1);
            high.Add(last + 1);
            _periodOf[year] = Enumerable.Range(first, last - first + 1).Select(s => PeriodIndex(periods, buckets[s])).ToArray();
        }

        Years = [.. years];
        Low = [.. low];
        High = [.. high];
    }

    /// <summary>The calendar years the window touches, and per year the first and last array element it covers (from 1).</summary>
    public int[] Years { get; }

    public int[] Low { get; }

    public int[] High { get; }

    /// <summary>The period of each element of a year's cut arrays (-1 before the first period).</summary>
    public int[] PeriodsOf(int year) => _periodOf[year];

    /// <summary>The first day of each of the year's buckets, in order (quality.bucket_slot's numbering).</summary>
    public static List<DateOnly> Buckets(int year)
    {
        var starts = new List<DateOnly>();
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            if (day.Day == 1 || day.DayOfWeek == DayOfWeek.Monday)
            {
                starts.Add(day);
            }
        }

        return starts;
    }

    public static int PeriodIndex(IReadOnlyList<DateOnly> periods, DateOnly day)
    {
        for (var t = periods.Count - 1; t >= 0; t--)
        {
            if (periods[t] <= day)
            {
                return t;
            }
        }

        return -1;
    }

    private static int SlotOf(List<DateOnly> buckets, DateOnly day)
    {
        var slot = buckets.BinarySearch(day);
        return slot >= 0 ? slot : ~slot - 1;
    }
}
