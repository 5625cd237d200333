using Skillgate.Platform.Time;

namespace Skillgate.Modules.Points.Ledger;

/// <summary>
/// The day and month caps and boards count in: the local day in the group's time zone (the first top unit's, ADR 0023), so a
/// night shift's award after midnight UTC is still that plant day. One zone for the whole ledger keeps every person's caps and
/// every board's month on the same calendar.
/// </summary>
internal sealed class PlantCalendar(PlantTime plantTime)
{
    public DateTimeOffset Now => plantTime.Now;

    public Task<DateOnly> DayOfAsync(DateTimeOffset at, CancellationToken ct) => plantTime.DayOfAsync(null, at, ct);

    public Task<DateOnly> TodayAsync(CancellationToken ct) => plantTime.TodayAsync(null, ct);

    public async Task<DateOnly> ThisMonthAsync(CancellationToken ct)
    {
        var today = await TodayAsync(ct);
        return new DateOnly(today.Year, today.Month, 1);
    }

    /// <summary>A day as Dapper passes it (cast to <c>date</c> in the SQL).</summary>
    public static DateTime Sql(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
