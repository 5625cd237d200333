using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Training.Domain;

/// <summary>A course's own rules for which attendance completes it; courses without one use the defaults.</summary>
internal sealed class AttendanceRule : IAuditedEntity
{
    public Guid CourseId { get; init; }

    public Guid Id => CourseId;

    public bool RequireCheckOut { get; set; }

    public int MinPresencePercent { get; set; }

    public string[] BlockingFlags { get; set; } = [];

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "attendance_rule";
}

/// <summary>What closing a session decided for one person, kept up to date as HR reviews flags or revokes attendance.</summary>
internal sealed class SessionResult : IAuditedEntity
{
    public Guid SessionId { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid Id => SessionId;

    public required string Status { get; set; }

    public string[] Reasons { get; set; } = [];

    public Guid? CompletionId { get; set; }

    public DateTimeOffset DecidedAt { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "session_result";
}

/// <summary>The instructor's photo or scan of a signed paper sign-in sheet; the people ticked from it are recorded with it.</summary>
internal sealed class PaperSheet : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid SessionId { get; init; }

    public Guid FileId { get; init; }

    public int People { get; init; }

    public required string UploadedBy { get; init; }

    public DateTimeOffset UploadedAt { get; init; }

    public string AuditEntityName => "paper_sheet";
}

internal sealed class SessionResultConfiguration : IEntityTypeConfiguration<AttendanceRule>, IEntityTypeConfiguration<SessionResult>, IEntityTypeConfiguration<PaperSheet>
{
    public void Configure(EntityTypeBuilder<PaperSheet> builder)
    {
        builder.ToTable("paper_sheet", "training");
        builder.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId);
        builder.HasOne<Platform.Files.StoredFile>().WithMany().HasForeignKey(x => x.FileId);
    }

    public void Configure(EntityTypeBuilder<AttendanceRule> builder)
    {
        builder.ToTable("attendance_rule", "training");
        builder.HasKey(x => x.CourseId);
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<SessionResult> builder)
    {
        builder.ToTable("session_result", "training");
        builder.HasKey(x => new { x.SessionId, x.EmployeeId });
        builder.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId);
        builder.Property(x => x.Version).IsConcurrencyToken();
    }
}
