using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Training.Contracts;

/// <summary>The training codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class TrainingVocabularies
{
    public static readonly TextVocabulary AnomalyDecision = new("anomalies.decision", "accepted", "rejected");

    public static readonly TextVocabulary CalendarWeekday = new("calendar.weekday", "0", "1", "2", "3", "4", "5", "6");

    public static readonly TextVocabulary CheckInFlag = new("sessions.flag", "device_clock", "early_leave", "late", "late_sync", "no_location", "not_on_roster", "out_before_in", "outside_geofence", "outside_network", "outside_window", "paper_sheet", "same_client", "shared_device");

    public static readonly TextVocabulary CheckInMethod = new("sessions.method", "instructor", "kiosk", "kiosk_face", "kiosk_pin", "paper", "qr", "qr_face");

    public static readonly TextVocabulary CheckInRefusal = new("training", "checkin_closed", "not_checked_in");

    public static readonly TextVocabulary ConflictKind = new("sessions.conflict", "instructor", "participant", "room", "shift");

    public static readonly TextVocabulary DemandSource = new("demand.source", "change", "expiry", "new_hire", "revision");

    public static readonly TextVocabulary ParticipantStatus = new("sessions.participant_status", "cancelled", "invited", "waitlisted", "walk_in");

    public static readonly TextVocabulary PhotoFlag = new("photos.flag", "after_session", "before_session", "edited", "fewer_faces", "long_before_check_ins", "no_capture_time", "photo_reused", "photo_similar");

    public static readonly TextVocabulary PinRefusal = new("pin", "pin_locked", "pin_not_set", "pin_wrong");

    public static readonly TextVocabulary PlanPeriod = new("plans.kind", "month", "quarter", "year");

    public static readonly TextVocabulary PlanStatus = new("plans.status", "approved", "draft", "returned", "submitted");

    public static readonly TextVocabulary ReportGroup = new("reports.group", "course", "department", "month");

    public static readonly TextVocabulary ResultReason = new("results.reason", "attendance_revoked", "exam_not_passed", "no_check_in", "no_check_out", "presence_short", "rejected", "review");

    public static readonly TextVocabulary ResultStatus = new("results.status", "completed", "not_completed", "pending_review", "revoked");

    public static readonly TextVocabulary SessionStatus = new("sessions.status", "cancelled", "closed", "scheduled");
}
