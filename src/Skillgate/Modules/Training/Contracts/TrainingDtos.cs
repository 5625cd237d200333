using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Training.Contracts;

public sealed record RoomInput(string Code, string Name, int Capacity, string? Equipment, Guid? OrgUnitId);

public sealed record RoomDto(Guid Id, string Code, string Name, int Capacity, string Equipment, Guid? OrgUnitId, bool Active);

/// <summary>
/// A session of a published course. Participants are invited by employee or position (later also by org unit, see InviteInput);
/// beyond the capacity they wait. OrgUnitId is the unit the session serves: people there who lack a requirement the course covers
/// are invited to it automatically. Double bookings are refused with the list of conflicts unless an override reason is given.
/// </summary>
public sealed record SessionInput(
    Guid CourseId, string? Title, Guid? RoomId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, IReadOnlyList<Guid>? InstructorIds,
    IReadOnlyList<Guid>? EmployeeIds, Guid? PositionId = null, Guid? OrgUnitId = null, string? OverrideReason = null);

public sealed record SessionUpdate(Guid? RoomId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, IReadOnlyList<Guid>? InstructorIds, string? OverrideReason, int Version);

public sealed record InviteInput(IReadOnlyList<Guid>? EmployeeIds, Guid? PositionId, Guid? OrgUnitId, string? OverrideReason);

public sealed record SessionSummary(
    Guid Id, Guid CourseId, string CourseCode, string Title, string? RoomName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, int Invited, int CheckedIn, string Status);

public sealed record SessionDto(
    Guid Id, Guid CourseId, string CourseCode, string CourseTitle, string Title, Guid? RoomId, string? RoomName, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    int Capacity, string Status, string? ConflictOverride, IReadOnlyList<SessionInstructorDto> Instructors, IReadOnlyList<ParticipantDto> Participants, int Version);

public sealed record SessionInstructorDto(Guid Id, string Name);

/// <summary>
/// Someone on the session (or recorded without an invitation, status walk_in), their check-in and check-out (with the record
/// ids, for revoking), and after the close what it decided: Result completed, pending_review, not_completed or revoked, with
/// the reasons (e.g. presence_short, review:shared_device, rejected:shared_device).
/// </summary>
public sealed record ParticipantDto(
    Guid EmployeeId, string EmployeeNo, string Name, string OrgUnitName, string Status, DateTimeOffset? CheckedInAt, string? CheckInMethod,
    DateTimeOffset? CheckedOutAt, IReadOnlyList<string> Flags, Guid? CheckInId = null, Guid? CheckOutId = null, bool AttendanceRevoked = false,
    string? Result = null, IReadOnlyList<string>? ResultReasons = null);

/// <summary>A double booking: the other session, and who or what is booked twice (kind room, instructor or participant).</summary>
public sealed record ConflictDto(string Kind, Guid SessionId, string SessionTitle, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Who);

/// <summary>The current rotating check-in code of a session and how long it stays valid.</summary>
public sealed record QrCodeDto(string Token, string Url, DateTimeOffset ValidUntil, int RotateSeconds);

/// <summary>The scanned code, the phone's location if it gave one, and a live face capture when checking in by face.</summary>
/// <summary>
/// A check-in with the scanned code; the phone's location with its accuracy in metres when a geofence is configured, and its
/// screen (e.g. 390x844x3) which, with address and browser, tells one client checking in several people apart.
/// </summary>
public sealed record QrCheckInInput(string? Token, double? Latitude, double? Longitude, FaceInput? Face = null, double? Accuracy = null, string? Screen = null);

/// <summary>
/// A live capture from the browser: the face descriptor from Human's recognition model (1,024 numbers) and its anti-spoofing
/// ("real") and liveness scores, 0..1.
/// </summary>
public sealed record FaceInput(float[]? Descriptor, double Real, double Live);

/// <summary>Enrolling one's own face: the consent (required) and a live capture.</summary>
public sealed record FaceEnrolInput(bool Consent, FaceInput? Face);

/// <summary>An employee's attendance credentials: face enrolled (with the consent's time), kiosk PIN set or locked.</summary>
public sealed record FaceStatusDto(bool Enrolled, DateTimeOffset? ConsentedAt, bool PinSet, bool PinLocked);

public sealed record PinInput(string? Pin);

/// <summary>An instructor marks someone without a phone present (in) or leaving (out), with a reason.</summary>
public sealed record MarkInput(Guid EmployeeId, [property: AllowedValues("in", "out")] string Kind, string? Reason);

public sealed record CheckInResult(Guid SessionId, string SessionTitle, string Kind, DateTimeOffset At, IReadOnlyList<string> Flags, bool AlreadyRecorded);

/// <summary>What closing a session decided: completed at once, waiting for HR's review of a blocking flag, not completed.</summary>
public sealed record CloseResult(int Completed, int PendingReview, int NotCompleted);

/// <summary>A kiosk to register; with RequireProof a badge number alone is not enough (PIN or face needed).</summary>
public sealed record KioskInput(string Name, Guid? OrgUnitId, bool RequireProof = false);

public sealed record KioskDto(Guid Id, string Name, Guid? OrgUnitId, bool RequireProof, bool Active, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt);

/// <summary>A new kiosk and its device token, shown once.</summary>
public sealed record KioskCreated(KioskDto Kiosk, string Token);

public sealed record KioskSession(Guid Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<KioskPerson> Roster);

public sealed record KioskPerson(string EmployeeNo, string Name);

/// <summary>
/// A check-in taken by a kiosk, possibly offline: the device's own time and a key that makes replays harmless. The person is
/// identified by badge number, badge number and PIN, or face (no number: the face is matched among the session's roster); a
/// face check-in may bring the camera still (base64 JPEG, ≤ 1 MB), kept as session evidence.
/// </summary>
public sealed record KioskCheckIn(
    string IdempotencyKey, Guid SessionId, string? EmployeeNo, string Kind, DateTimeOffset At, string? Pin = null, FaceInput? Face = null, string? Photo = null);

public sealed record KioskSyncInput(IReadOnlyList<KioskCheckIn>? CheckIns);

/// <summary>Per key: recorded, duplicate (already there — a replay), or rejected with the reason.</summary>
public sealed record KioskSyncResult(IReadOnlyList<KioskSyncItem> Items);

public sealed record KioskSyncItem(string IdempotencyKey, string Outcome, string? Reason);

/// <summary>Live attendance of a session per department: checked in against expected.</summary>
public sealed record DepartmentAttendance(Guid OrgUnitId, string OrgUnitName, int Expected, int CheckedIn, decimal Rate);

/// <summary>A session photo or video; SimilarTo… name the earlier photo of another session it is a near-duplicate of.</summary>
public sealed record SessionPhotoDto(
    Guid Id, Guid FileId, string Media, DateTimeOffset? CapturedAt, string? Software, int? FaceCount, int CheckedIn, string UploadedBy, DateTimeOffset UploadedAt, IReadOnlyList<string> Flags,
    Guid? SimilarToPhotoId = null, Guid? SimilarToSessionId = null, string? SimilarToSessionTitle = null);

/// <summary>
/// A flag raised on a check-in or a session photo, and HR's review of it if there is one. Blocking: by the course's rules the
/// flag holds the completion back until reviewed (otherwise it is informational).
/// </summary>
public sealed record AnomalyDto(
    string Source, Guid RecordId, string Flag, Guid SessionId, string SessionTitle, DateTimeOffset SessionStart, string? EmployeeNo, string? EmployeeName, DateTimeOffset At,
    string? Decision, string? Comment, string? ReviewedBy, bool Blocking = false);

public sealed record ReviewInput([property: AllowedValues("attendance", "photo")] string Source, Guid RecordId, string Flag, [property: AllowedValues("accepted", "rejected")] string Decision, string? Comment);

/// <summary>Attendance rate of invited participants in sessions that have started, grouped by department, course or month.</summary>
public sealed record AttendanceRateRow(string Group, string Label, int Invited, int Attended, decimal Rate);

public sealed record PlanInput(string Title, [property: AllowedValues("month", "quarter", "year")] string PeriodKind, DateOnly PeriodStart, Guid OrgUnitId, decimal Budget);

/// <summary>A line of a plan: a course for a target position (or a number of people), optionally the month and the need it answers.</summary>
public sealed record PlanItemInput(Guid CourseId, Guid? PositionId, int Participants, DateOnly? PlannedMonth, string? Need);

public sealed record PlanItemDto(Guid Id, Guid CourseId, string CourseTitle, Guid? PositionId, string? PositionName, int Participants, DateOnly? PlannedMonth, string? Need, decimal EstimatedCost);

public sealed record PlanDto(
    Guid Id, string Title, string PeriodKind, DateOnly PeriodStart, Guid OrgUnitId, string OrgUnitName, decimal Budget, decimal EstimatedCost, string Status, string? Comment,
    string CreatedByName, string? ApprovedByName, DateTimeOffset? ApprovedAt, IReadOnlyList<PlanItemDto> Items, int Version);

public sealed record PlanDecision(string? Comment);

/// <summary>
/// Training plans as other modules use them: the plans open for new lines, adding a line for an accepted need, and a new draft plan
/// (a process change's training for the positions it impacts).
/// </summary>
public interface ITrainingPlans
{
    Task<IReadOnlyList<PlanDto>> ListAsync(CancellationToken ct);

    Task<PlanDto> CreateAsync(PlanInput input, CancellationToken ct);

    Task<PlanDto> AddItemAsync(Guid planId, PlanItemInput input, CancellationToken ct);
}

/// <summary>HR revokes an attendance record: it no longer counts, and the completion it earned is revoked.</summary>
public sealed record RevokeAttendanceInput(string? Reason);

/// <summary>Accept every open flag of a session at once, with one comment.</summary>
public sealed record BulkAcceptInput(string? Comment);

public sealed record BulkAcceptResult(int Accepted);

/// <summary>
/// A course's rules for which attendance completes it: check-out required, the share of the session present, and the flags that
/// hold the completion back until reviewed (the others are informational). Custom is false while the defaults apply.
/// </summary>
public sealed record AttendanceRuleDto(Guid CourseId, bool RequireCheckOut, int MinPresencePercent, IReadOnlyList<string> BlockingFlags, bool Custom, int Version);

public sealed record AttendanceRuleInput(bool RequireCheckOut, int MinPresencePercent, IReadOnlyList<string>? BlockingFlags, int Version);

/// <summary>A signed paper sign-in sheet attached to a session, and how many people were ticked from it.</summary>
public sealed record PaperSheetDto(Guid Id, Guid FileId, int People, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>Predicted training demand below an org unit for the next six months; ClassSize is the seats one session holds.</summary>
public sealed record DemandDto(Guid OrgUnitId, int ClassSize, IReadOnlyList<DemandMonthDto> Months);

/// <summary>
/// One month's demand: its lines and totals (open seats are those no plan line holds yet; sessions and cost are for the open
/// seats), and the budget and planned cost of the plans whose period covers the month.
/// </summary>
public sealed record DemandMonthDto(DateOnly Month, IReadOnlyList<DemandLineDto> Lines, int Seats, int OpenSeats, int Sessions, decimal Cost, decimal Budget, decimal PlannedCost);

/// <summary>People on one post who need one course in the month, by the earliest date among them, and why.</summary>
public sealed record DemandLineDto(
    Guid CourseId, string CourseCode, string CourseTitle, Guid? PositionId, string? PositionName, int Seats, int PlannedSeats, int OpenSeats, int Sessions, decimal Cost,
    DateOnly NeededBy, IReadOnlyList<DemandSourceDto> Sources);

/// <summary>Why people are in a line: a planned change, an expiry, a revised standard or a new hire; how many, and what (up to three).</summary>
public sealed record DemandSourceDto(string Source, int People, IReadOnlyList<string> Labels);

/// <summary>Turn a month's open demand below an org unit into lines of that unit's draft plan for the month.</summary>
public sealed record DemandPlanInput(Guid OrgUnitId, DateOnly Month);

public sealed record DemandPlanResult(Guid PlanId, int Lines, int Participants);
