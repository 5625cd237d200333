namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// Whether a person's attendance of a session counts towards the course: the pure rule, without storage. Attendance counts
/// when the person checked in (and out, when the course asks for it), was present for the course's share of the session,
/// passed its exam when it has one, and no flag on their records was rejected. A blocking flag nobody has reviewed yet holds
/// the completion back (pending review); an informational one does not. A blocking flag on a session photo holds back
/// everyone of the session.
/// </summary>
internal static class AttendanceCounting
{
    public const string Completed = "completed";
    public const string PendingReview = "pending_review";
    public const string NotCompleted = "not_completed";
    public const string Revoked = "revoked";

    /// <summary>Every flag a check-in can carry, in the order the rules page lists them.</summary>
    public static readonly IReadOnlyList<string> AttendanceFlags =
    [
        "shared_device", "same_client", "outside_network", "outside_geofence", "no_location", "not_on_roster", "late_sync", "device_clock",
        "outside_window", "out_before_in", "late", "early_leave", "paper_sheet",
    ];

    /// <summary>Every flag a session photo can carry.</summary>
    public static readonly IReadOnlyList<string> PhotoFlags =
        ["fewer_faces", "photo_reused", "photo_similar", "after_session", "before_session", "long_before_check_ins", "edited", "no_capture_time"];

    /// <summary>The flags that hold a completion back until reviewed, unless a course says otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultBlocking =
        ["shared_device", "same_client", "outside_network", "outside_geofence", "no_location", "not_on_roster", "late_sync", "device_clock", "fewer_faces"];

    public sealed record Rule(bool RequireCheckOut, int MinPresencePercent, IReadOnlySet<string> Blocking)
    {
        public static Rule Default { get; } = new(true, 80, DefaultBlocking.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>A flag with HR's decision on it, if any ("accepted" or "rejected").</summary>
    public sealed record Flag(string Name, string? Decision);

    public sealed record Record(string Kind, DateTimeOffset At, IReadOnlyList<Flag> Flags, bool Revoked);

    public sealed record Facts(DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool ExamRequired, bool ExamPassed, IReadOnlyList<Record> Records, IReadOnlyList<Flag> PhotoFlags);

    public sealed record Verdict(string Status, IReadOnlyList<string> Reasons);

    public static Verdict Judge(Rule rule, Facts facts)
    {
        var records = facts.Records.Where(r => !r.Revoked).ToList();
        var checkIn = records.FirstOrDefault(r => r.Kind == "in");
        var checkOut = records.FirstOrDefault(r => r.Kind == "out");
        var missing = new List<string>();
        if (checkIn is null)
        {
            missing.Add(facts.Records.Any(r => r.Revoked) ? "attendance_revoked" : "no_check_in");
        }
        else if (checkOut is null && rule.RequireCheckOut)
        {
            missing.Add("no_check_out");
        }
        else if (PresencePercent(facts.StartsAt, facts.EndsAt, checkIn.At, checkOut?.At ?? facts.EndsAt) < rule.MinPresencePercent)
        {
            missing.Add("presence_short");
        }

        if (facts.ExamRequired && !facts.ExamPassed)
        {
            missing.Add("exam_not_passed");
        }

        var flags = records.SelectMany(r => r.Flags).Concat(facts.PhotoFlags.Where(f => rule.Blocking.Contains(f.Name))).ToList();
        missing.AddRange(flags.Where(f => f.Decision == "rejected").Select(f => "rejected:" + f.Name).Distinct());
        if (missing.Count > 0)
        {
            return new Verdict(NotCompleted, missing);
        }

        var open = flags.Where(f => f.Decision is null && rule.Blocking.Contains(f.Name)).Select(f => "review:" + f.Name).Distinct().ToList();
        return open.Count > 0 ? new Verdict(PendingReview, open) : new Verdict(Completed, []);
    }

    /// <summary>The share of the session between check-in and check-out, each clamped to the session, in whole per cent rounded down.</summary>
    public static int PresencePercent(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset checkIn, DateTimeOffset checkOut)
    {
        var from = checkIn < startsAt ? startsAt : checkIn;
        var to = checkOut > endsAt ? endsAt : checkOut;
        var length = (endsAt - startsAt).Ticks;
        return to <= from || length <= 0 ? 0 : (int)(100 * (to - from).Ticks / length);
    }
}
