namespace Skillgate.Modules.Points.Ledger;

/// <summary>
/// The plant's day and month, which caps and boards count in: UTC shifted by <c>Skillgate:Training:PlantUtcOffsetHours</c>
/// (the server's offset when unset), so a night shift's award after midnight UTC is still that plant day.
/// </summary>
internal sealed class PlantCalendar(IConfiguration configuration, TimeProvider clock)
{
    private TimeSpan Offset => TimeSpan.FromHours(configuration.GetValue("Skillgate:Training:PlantUtcOffsetHours", TimeZoneInfo.Local.BaseUtcOffset.TotalHours));

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    public DateOnly Today => DayOf(Now);

    public DateOnly ThisMonth => new(Today.Year, Today.Month, 1);

    /// <summary>A day as Dapper passes it (cast to <c>date</c> in the SQL).</summary>
    public static DateTime Sql(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
