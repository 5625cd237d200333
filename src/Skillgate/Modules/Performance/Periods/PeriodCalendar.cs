using System.Globalization;

namespace Skillgate.Modules.Performance.Periods;

/// <summary>Months, quarters and years: where each may start, where it ends, and how it is named.</summary>
internal static class PeriodCalendar
{
    public static bool IsStart(string kind, DateOnly day) => day.Day == 1 && kind switch
    {
        "month" => true,
        "quarter" => day.Month % 3 == 1,
        "year" => day.Month == 1,
        _ => false,
    };

    public static DateOnly End(string kind, DateOnly start) => kind switch
    {
        "month" => start.AddMonths(1).AddDays(-1),
        "quarter" => start.AddMonths(3).AddDays(-1),
        _ => start.AddYears(1).AddDays(-1),
    };

    public static string Label(string kind, DateOnly start) => kind switch
    {
        "month" => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        "quarter" => $"{start.Year.ToString(CultureInfo.InvariantCulture)}-Q{((start.Month - 1) / 3) + 1}",
        _ => start.Year.ToString(CultureInfo.InvariantCulture),
    };
}
