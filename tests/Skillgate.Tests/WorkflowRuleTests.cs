using FluentAssertions;
using Skillgate.Modules.Workflow.Calendars;
using Xunit;

namespace Skillgate.Tests;

public sealed class WorkflowRuleTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    // Mon–Fri 08:30–17:30 Shanghai; Thursday 2026-10-01 a holiday, Saturday 2026-10-10 a make-up working day.
    private static readonly WorkingCalendar Calendar = new(
        TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(8, 30), new TimeOnly(17, 30), new HashSet<int> { 1, 2, 3, 4, 5 },
        new Dictionary<DateOnly, bool> { [new DateOnly(2026, 10, 1)] = false, [new DateOnly(2026, 10, 10)] = true });

    [Theory]
    [InlineData("2026-09-28T09:00", 4, "2026-09-28T13:00")] // within one day
    [InlineData("2026-09-28T16:00", 4, "2026-09-29T11:00")] // 1.5 h today, 2.5 h tomorrow morning
    [InlineData("2026-09-28T07:00", 9, "2026-09-28T17:30")] // before opening counts from 08:30
    [InlineData("2026-09-28T20:00", 1, "2026-09-29T09:30")] // after closing counts from the next opening
    [InlineData("2026-09-30T17:00", 1, "2026-10-02T09:00")] // over the holiday
    [InlineData("2026-09-25T17:00", 1, "2026-09-28T09:00")] // over the weekend
    [InlineData("2026-10-09T17:00", 1, "2026-10-10T09:00")] // into the make-up Saturday
    [InlineData("2026-09-28T09:00", 18, "2026-09-30T09:00")] // 8.5 h Monday, 9 h Tuesday, 0.5 h Wednesday
    public void Working_hours_count_only_the_working_windows(string start, double hours, string due)
    {
        var at = new DateTimeOffset(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture), Shanghai);
        var expected = new DateTimeOffset(DateTime.Parse(due, System.Globalization.CultureInfo.InvariantCulture), Shanghai);
        Calendar.Add(at, (decimal)hours, working: true).Should().Be(expected);
    }

    [Fact]
    public void Calendar_hours_are_plain_hours() =>
        Calendar.Add(new DateTimeOffset(2026, 10, 1, 10, 0, 0, Shanghai), 24, working: false).Should().Be(new DateTimeOffset(2026, 10, 2, 10, 0, 0, Shanghai));
}
