using FluentAssertions;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Evidence;
using Skillgate.Modules.Training.Plans;
using Skillgate.Modules.Training.Sessions;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Check-in codes, attendance flags, shift overlaps, photo flags and plan periods, without a database.</summary>
public sealed class TrainingRuleTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("in", 0, true, false, "")]
    [InlineData("in", 11, true, false, "late")]
    [InlineData("in", -31, true, false, "outside_window")]
    [InlineData("out", 105, true, false, "early_leave")]
    [InlineData("out", 120, true, false, "")]
    [InlineData("in", 0, false, false, "not_on_roster")]
    [InlineData("in", 0, true, true, "shared_device")]
    public void Attendance_is_flagged_for_lateness_early_leave_the_window_the_roster_and_shared_phones(string kind, int minutes, bool onRoster, bool shared, string flag)
    {
        var start = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
        var session = new AttendanceRules.SessionFacts("scheduled", start, start.AddHours(2));
        var verdict = AttendanceRules.Judge(session, kind, start.AddMinutes(minutes), checkedIn: true, onRoster, shared, [], [], fromKiosk: false, new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)));
        verdict.Refusal.Should().BeNull();
        verdict.Flags.Should().Equal(flag == "" ? [] : [flag]);
    }

    [Fact]
    public void Check_in_closes_a_while_after_the_end_except_for_the_instructor_whose_late_mark_is_flagged()
    {
        var start = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
        var session = new AttendanceRules.SessionFacts("scheduled", start, start.AddHours(2));
        var window = new AttendanceRules.Window(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)) { ClosesAfter = TimeSpan.FromMinutes(30) };
        AttendanceRules.Judge(session, "out", start.AddMinutes(150), true, true, false, [], [], fromKiosk: false, window).Flags.Should().BeEmpty("30 minutes after the end is still open");
        AttendanceRules.Judge(session, "out", start.AddMinutes(151), true, true, false, [], [], fromKiosk: false, window).Refusal.Should().Be("checkin_closed");
        AttendanceRules.Judge(session, "in", start.AddMinutes(151), true, true, false, [], [], fromKiosk: true, window).Refusal.Should().Be("checkin_closed", "a kiosk's own time counts");
        var marked = AttendanceRules.Judge(session, "out", start.AddMinutes(151), true, true, false, [], [], fromKiosk: false, window, byInstructor: true);
        marked.Refusal.Should().BeNull();
        marked.Flags.Should().Equal("outside_window");
    }

    [Fact]
    public void A_check_out_without_a_check_in_is_refused_on_a_phone_but_kept_and_flagged_from_an_offline_kiosk()
    {
        var start = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
        var window = new AttendanceRules.Window(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10));
        var session = new AttendanceRules.SessionFacts("scheduled", start, start.AddHours(2));
        AttendanceRules.Judge(session, "out", start.AddHours(2), checkedIn: false, true, false, [], [], fromKiosk: false, window).Refusal.Should().Be("not_checked_in");
        AttendanceRules.Judge(session, "out", start.AddHours(2), checkedIn: false, true, false, ["late_sync"], [], fromKiosk: true, window).Flags
            .Should().Equal("out_before_in", "late_sync");
        AttendanceRules.Closed(session with { Status = "closed" }, fromKiosk: false).Should().BeTrue();
        AttendanceRules.Closed(session with { Status = "closed" }, fromKiosk: true).Should().BeFalse("a kiosk's offline check-ins may arrive after closing");
        AttendanceRules.Closed(session with { Status = "cancelled" }, fromKiosk: true).Should().BeTrue();
    }

    [Fact]
    public void A_check_in_code_is_valid_in_its_period_and_the_next_only_and_only_for_its_session()
    {
        var session = Guid.CreateVersion7();
        var secret = new byte[32];
        var now = new DateTimeOffset(2026, 11, 21, 8, 0, 7, TimeSpan.Zero);
        var token = QrToken.Create(session, secret, QrToken.Window(now, 15));
        QrToken.Check(token, session, secret, now, 15).Should().Be(QrToken.Verdict.Valid);
        QrToken.Check(token, session, secret, now.AddSeconds(20), 15).Should().Be(QrToken.Verdict.Valid, "a scan may take a moment");
        QrToken.Check(token, session, secret, now.AddSeconds(40), 15).Should().Be(QrToken.Verdict.Expired);
        QrToken.Check(token, Guid.CreateVersion7(), secret, now, 15).Should().Be(QrToken.Verdict.Invalid, "a code of another session");
        QrToken.Check(token, session, [1, 2, 3], now, 15).Should().Be(QrToken.Verdict.Invalid, "another session's secret does not sign it");
        QrToken.Check(token[..^4] + "AAAA", session, secret, now, 15).Should().Be(QrToken.Verdict.Invalid, "an altered code is forged, not expired");
        QrToken.Check(QrToken.Create(session, secret, QrToken.Window(now, 15) + 10), session, secret, now, 15).Should().Be(QrToken.Verdict.Invalid, "no code comes from the future");
        QrToken.SessionOf(token).Should().Be(session);
        QrToken.SessionOf("garbage").Should().BeNull();
    }

    [Theory]
    [InlineData("三班倒 08:00-16:00", 9, 11, true)]
    [InlineData("三班倒 08:00-16:00", 16, 18, false)]
    [InlineData("三班倒 16:00-24:00", 23, 25, true)]
    [InlineData("三班倒 00:00-08:00", 6, 9, true)]
    [InlineData("夜班 22:00-06:00", 5, 7, true)]
    [InlineData("弹性", 9, 11, false)]
    public void A_session_conflicts_with_a_shift_whose_daily_hours_overlap_it(string pattern, int fromHour, int toHour, bool overlaps)
    {
        var day = new DateTimeOffset(2026, 11, 25, 0, 0, 0, China);
        ShiftPattern.Overlaps(pattern, day.AddHours(fromHour), day.AddHours(toHour), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Any().Should().Be(overlaps);
    }

    [Fact]
    [Trait("Category", "PlantTime")]
    public void A_shift_keeps_its_local_hours_across_a_daylight_saving_change()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // 08:00-16:00 in Berlin is 07:00-15:00 UTC in winter and 06:00-14:00 UTC from 29 March 2026.
        var summer = ShiftPattern.Overlaps("常日班 08:00-16:00", new DateTimeOffset(2026, 3, 30, 6, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 30, 6, 45, 0, TimeSpan.Zero), berlin).ToList();
        summer.Should().Equal((new DateTimeOffset(2026, 3, 30, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 30, 14, 0, 0, TimeSpan.Zero)));
        ShiftPattern.Overlaps("常日班 08:00-16:00", new DateTimeOffset(2026, 3, 27, 6, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 27, 6, 45, 0, TimeSpan.Zero), berlin)
            .Should().BeEmpty("before the change the shift starts at 07:00 UTC");
        var night = ShiftPattern.Overlaps("夜班 22:00-06:00", new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.Zero), berlin).ToList();
        // The night the clocks go forward is an hour shorter.
        night.Should().Equal((new DateTimeOffset(2026, 3, 28, 21, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Photo_flags_follow_the_capture_time_the_software_reuse_and_near_duplicates()
    {
        var start = new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);
        var latest = start.AddHours(2).AddMinutes(30);
        PhotoFlags.For(new(start.AddMinutes(10), "HUAWEI", false), start, latest, start.AddMinutes(5), false, false).Should().BeEmpty();
        PhotoFlags.For(new(null, null, false), start, latest, null, false, false).Should().Equal("no_capture_time");
        PhotoFlags.For(new(start.AddHours(-2), null, false), start, latest, null, false, false).Should().Equal("before_session");
        PhotoFlags.For(new(latest, null, false), start, latest, null, false, false).Should().BeEmpty("the tolerance after the end is inclusive");
        PhotoFlags.For(new(latest.AddMinutes(1), null, false), start, latest, null, false, false).Should().Equal("after_session");
        PhotoFlags.For(new(start.AddMinutes(10), null, false), start.AddMinutes(-300), latest, start.AddHours(2), false, false).Should().Equal("long_before_check_ins");
        PhotoFlags.For(new(start.AddMinutes(10), "Adobe Photoshop", true), start, latest, null, true, false).Should().Equal("edited", "photo_reused");
        PhotoFlags.For(new(start.AddMinutes(10), null, false), start, latest, null, false, true).Should().Equal("photo_similar");
    }

    [Theory]
    [InlineData("month", 2027, 3, 1, true)]
    [InlineData("month", 2027, 3, 2, false)]
    [InlineData("quarter", 2027, 4, 1, true)]
    [InlineData("quarter", 2027, 5, 1, false)]
    [InlineData("year", 2027, 1, 1, true)]
    [InlineData("year", 2027, 7, 1, false)]
    [InlineData("week", 2027, 1, 1, false)]
    public void A_plan_period_starts_on_the_first_day_of_its_month_quarter_or_year(string kind, int year, int month, int day, bool valid) =>
        PlanHandler.PeriodStartsRight(kind, new DateOnly(year, month, day)).Should().Be(valid);

    [Fact]
    public void Check_ins_from_outside_the_configured_networks_or_geofence_are_flagged()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Skillgate:Training:AllowedNetworks:0"] = "10.8.0.0/16",
            ["Skillgate:Training:AllowedNetworks:1"] = "192.168.1.20",
            ["Skillgate:Training:Geofence:Latitude"] = "31.3000",
            ["Skillgate:Training:Geofence:Longitude"] = "120.6000",
            ["Skillgate:Training:Geofence:RadiusMeters"] = "500",
        }).Build();
        var places = PlaceRules.From(configuration);
        places.Flags("10.8.44.7", 31.3010, 120.6010).Should().BeEmpty();
        places.Flags("::ffff:10.8.1.1", 31.3, 120.6).Should().BeEmpty("an IPv4 address seen through IPv6 still counts");
        places.Flags("192.168.1.20", 31.3, 120.6).Should().BeEmpty();
        places.Flags("192.168.1.21", 31.3, 120.6).Should().Equal("outside_network");
        places.Flags("10.8.0.1", 31.3200, 120.6000).Should().Equal(["outside_geofence"], "2.2 km away");
        places.Flags("10.8.0.1", 31.3200, 120.6000, accuracy: 2000).Should().BeEmpty("within its accuracy the phone may be inside the fence");
        places.Flags("10.8.0.1", null, null).Should().Equal(["no_location"], "a geofence is configured and the phone sent no location");
        places.LocationRefusedWithout.Should().BeFalse("flagged, not refused, unless configured");
        PlaceRules.From(new ConfigurationBuilder().Build()).Flags("8.8.8.8", 0, 0).Should().BeEmpty("nothing configured, nothing flagged");
    }
}
