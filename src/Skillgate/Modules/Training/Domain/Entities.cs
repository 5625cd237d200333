using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Training.Domain;

/// <summary>A training room or other bookable resource with a capacity.</summary>
internal sealed class Room : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Code { get; init; }

    public required string Name { get; set; }

    public int Capacity { get; set; }

    public string Equipment { get; set; } = "";

    public Guid? OrgUnitId { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "room";
}

internal static class SessionStatus
{
    public const string Scheduled = "scheduled";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";
}

internal sealed class Session : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid CourseId { get; init; }

    public required string Title { get; set; }

    public Guid? RoomId { get; set; }

    public Guid? OrgUnitId { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public int Capacity { get; set; }

    public string Status { get; set; } = SessionStatus.Scheduled;

    public string? ConflictOverride { get; set; }

    /// <summary>Signs the rotating check-in codes; never leaves the server (the audit keeps only its fingerprint).</summary>
    public required byte[] QrSecret { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "session";
}

internal sealed class SessionInstructor : IAuditedEntity
{
    public Guid SessionId { get; init; }

    public Guid InstructorId { get; init; }

    public Guid Id => SessionId;

    public string AuditEntityName => "session";
}

internal sealed class Participant : IAuditedEntity
{
    public Guid SessionId { get; init; }

    public Guid EmployeeId { get; init; }

    public required string Status { get; set; }

    public required string Source { get; init; }

    public DateTimeOffset InvitedAt { get; init; }

    public Guid Id => SessionId;

    public string AuditEntityName => "session";
}

/// <summary>One check-in or check-out, with how, when (the device's time for offline kiosks), where from, and its flags.</summary>
internal sealed class AttendanceRecord : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid SessionId { get; init; }

    public Guid EmployeeId { get; init; }

    public required string Kind { get; init; }

    public required string Method { get; init; }

    public DateTimeOffset At { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    public string? Device { get; init; }

    public Guid? KioskId { get; init; }

    public string? Ip { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>The radius in metres within which the phone placed itself.</summary>
    public double? LocationAccuracy { get; init; }

    /// <summary>A hash of the address, browser and screen the check-in came from (see <c>ClientId</c>).</summary>
    public string? Client { get; init; }

    /// <summary>The signed paper sheet this attendance was ticked from.</summary>
    public Guid? PaperSheetId { get; init; }

    public string? Reason { get; init; }

    public string? IdempotencyKey { get; init; }

    public string[] Flags { get; init; } = [];

    /// <summary>Set when HR revoked the record: it no longer counts, and a completion it earned is revoked with it.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public string? RevokedReason { get; set; }

    public string AuditEntityName => "attendance";
}

/// <summary>A shop-floor tablet that checks people in by badge number, also offline.</summary>
internal sealed class Kiosk : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Name { get; set; }

    public required string TokenHash { get; init; }

    public Guid? OrgUnitId { get; set; }

    /// <summary>A badge number alone does not check anyone in here: a PIN or the face is needed too.</summary>
    public bool RequireProof { get; init; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "kiosk";
}

/// <summary>A photo (or video) of a session: its content hash and EXIF capture time, and what looks wrong about it.</summary>
internal sealed class SessionPhoto : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid SessionId { get; init; }

    public Guid FileId { get; init; }

    public required string Sha256 { get; init; }

    public DateTimeOffset? CapturedAt { get; init; }

    public string? Software { get; init; }

    /// <summary>photo or video.</summary>
    public required string Media { get; init; }

    /// <summary>Faces the detector found in a photo; null for videos and when it could not run.</summary>
    public int? FaceCount { get; init; }

    /// <summary>People checked in when the photo was uploaded, what the face count is compared with.</summary>
    public int CheckedIn { get; init; }

    public required string UploadedBy { get; init; }

    public DateTimeOffset UploadedAt { get; init; }

    public string[] Flags { get; init; } = [];

    /// <summary>Perceptual hash of the whole picture; null for videos and kiosk stills, which are not compared.</summary>
    public long? Phash { get; init; }

    /// <summary>Perceptual hash of the picture's centre, so a cropped copy still meets its original.</summary>
    public long? PhashInner { get; init; }

    /// <summary>The earlier photo of another session this one is a near-duplicate of.</summary>
    public Guid? SimilarTo { get; init; }

    public string AuditEntityName => "session";
}

internal sealed class AnomalyReview : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Source { get; init; }

    public Guid RecordId { get; init; }

    public required string Flag { get; init; }

    public required string Decision { get; init; }

    public required string Comment { get; init; }

    public required string ReviewedBy { get; init; }

    public DateTimeOffset ReviewedAt { get; init; }

    public string AuditEntityName => "anomaly_review";
}

/// <summary>A training plan of an org unit for a month, quarter or year; HR approves it.</summary>
internal sealed class Plan : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Title { get; set; }

    public required string PeriodKind { get; init; }

    public DateOnly PeriodStart { get; init; }

    public Guid OrgUnitId { get; init; }

    public decimal Budget { get; set; }

    public string Status { get; set; } = "draft";

    public string? Comment { get; set; }

    public Guid CreatedBy { get; init; }

    public Guid? ApprovedBy { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "plan";
}

internal sealed class PlanItem : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid PlanId { get; init; }

    public Guid CourseId { get; init; }

    public Guid? PositionId { get; init; }

    public int Participants { get; init; }

    public DateOnly? PlannedMonth { get; init; }

    public string? Need { get; init; }

    public decimal EstimatedCost { get; init; }

    public string AuditEntityName => "plan";
}

internal sealed class TrainingConfiguration :
    IEntityTypeConfiguration<Room>, IEntityTypeConfiguration<Session>, IEntityTypeConfiguration<SessionInstructor>, IEntityTypeConfiguration<Participant>,
    IEntityTypeConfiguration<AttendanceRecord>, IEntityTypeConfiguration<Kiosk>, IEntityTypeConfiguration<SessionPhoto>, IEntityTypeConfiguration<AnomalyReview>, IEntityTypeConfiguration<Plan>, IEntityTypeConfiguration<PlanItem>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.ToTable("plan", "training");
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<PlanItem> builder)
    {
        builder.ToTable("plan_item", "training");
        builder.HasOne<Plan>().WithMany().HasForeignKey(x => x.PlanId);
    }

    public void Configure(EntityTypeBuilder<AnomalyReview> builder) => builder.ToTable("anomaly_review", "training");

    public void Configure(EntityTypeBuilder<SessionPhoto> builder)
    {
        builder.ToTable("session_photo", "training");
        builder.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId);
        builder.HasOne<Platform.Files.StoredFile>().WithMany().HasForeignKey(x => x.FileId);
    }

    public void Configure(EntityTypeBuilder<Kiosk> builder)
    {
        builder.ToTable("kiosk", "training");
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<Room> builder)
    {
        builder.ToTable("room", "training");
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("session", "training");
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId);
    }

    public void Configure(EntityTypeBuilder<SessionInstructor> builder)
    {
        builder.ToTable("session_instructor", "training");
        builder.HasKey(x => new { x.SessionId, x.InstructorId });
        builder.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId);
    }

    public void Configure(EntityTypeBuilder<Participant> builder)
    {
        builder.ToTable("participant", "training");
        builder.HasKey(x => new { x.SessionId, x.EmployeeId });
        builder.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId);
    }

    public void Configure(EntityTypeBuilder<AttendanceRecord> builder)
    {
        builder.ToTable("attendance", "training");
        builder.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId);
        builder.HasOne<Kiosk>().WithMany().HasForeignKey(x => x.KioskId);
    }
}
