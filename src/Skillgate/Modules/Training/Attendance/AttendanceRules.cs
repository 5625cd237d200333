using Skillgate.Modules.Training.Domain;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>What a new check-in or check-out is flagged with, or why it is refused: the pure rules, without storage.</summary>
internal static class AttendanceRules
{
    public sealed record SessionFacts(string Status, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    /// <summary>Check-in opens before the start; late after the start; closes after the end (then only the instructor marks).</summary>
    public sealed record Window(TimeSpan OpensBefore, TimeSpan LateAfter)
    {
        public TimeSpan ClosesAfter { get; init; } = TimeSpan.FromMinutes(30);
    }

    public sealed record Verdict(string? Refusal, IReadOnlyList<string> Flags);

    /// <summary>A closed session takes no more attendance except late kiosk syncs; a cancelled one takes none.</summary>
    public static bool Closed(SessionFacts session, bool fromKiosk) =>
        session.Status == SessionStatus.Cancelled || (session.Status != SessionStatus.Scheduled && !fromKiosk);

    public static Verdict Judge(
        SessionFacts session, string kind, DateTimeOffset at, bool checkedIn, bool onRoster, bool sharedDevice, IEnumerable<string> extraFlags, IEnumerable<string> placeFlags,
        bool fromKiosk, Window window, bool byInstructor = false)
    {
        if (!byInstructor && at > session.EndsAt + window.ClosesAfter)
        {
            return new Verdict("checkin_closed", []);
        }

        var flags = new List<string>();
        if (kind == "out" && !checkedIn)
        {
            // An offline kiosk's syncs may arrive out of order; a check-out before its check-in is kept and flagged.
            if (!fromKiosk)
            {
                return new Verdict("not_checked_in", []);
            }

            flags.Add("out_before_in");
        }

        flags.AddRange(extraFlags);
        if (at < session.StartsAt - window.OpensBefore || at > session.EndsAt + window.ClosesAfter)
        {
            flags.Add("outside_window");
        }
        else if (kind == "in" && at > session.StartsAt + window.LateAfter)
        {
            flags.Add("late");
        }
        else if (kind == "out" && at < session.EndsAt - window.LateAfter)
        {
            flags.Add("early_leave");
        }

        if (!onRoster)
        {
            flags.Add("not_on_roster");
        }

        flags.AddRange(placeFlags);
        if (sharedDevice)
        {
            flags.Add("shared_device");
        }

        return new Verdict(null, flags);
    }
}
