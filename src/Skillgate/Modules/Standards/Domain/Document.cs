using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Standards.Domain;

internal static class DocumentKind
{
    public static readonly string[] All = ["standard", "sop", "work_instruction", "external"];
}

internal static class VersionStatus
{
    public const string Draft = "draft";
    public const string InReview = "in_review";
    public const string Approved = "approved";
    public const string Effective = "effective";
    public const string Superseded = "superseded";
    public const string Withdrawn = "withdrawn";
}

/// <summary>A controlled document (quality standard, SOP, work instruction, external clause).</summary>
internal sealed class Document : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Code { get; init; }

    public required string Title { get; set; }

    public required string Kind { get; set; }

    public Guid? OwnerUnitId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "document";
}

internal sealed class DocumentVersion : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid DocumentId { get; init; }

    public int Major { get; init; }

    public int Minor { get; init; }

    public required string Status { get; set; }

    public required string ChangeType { get; init; }

    public string Summary { get; set; } = "";

    public int RetrainDueDays { get; set; } = 30;

    public DateOnly? EffectiveOn { get; set; }

    public Guid AuthorId { get; init; }

    public Guid? ApprovedBy { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>When QA withdrew the version; it was in force from its effective day until then.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? SignatureMeaning { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string Label => $"v{Major}.{Minor}";

    public string AuditEntityName => "document_version";
}

/// <summary>A file (the standard's text, drawings) attached to a version while it is drafted or reviewed.</summary>
internal sealed class DocumentVersionFile : IAuditedEntity
{
    public Guid VersionId { get; init; }

    public Guid FileId { get; init; }

    public Guid Id => VersionId;

    public string AuditEntityName => "document_version";
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>, IEntityTypeConfiguration<DocumentVersion>, IEntityTypeConfiguration<DocumentVersionFile>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("document", "standards");
        builder.Property(d => d.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<DocumentVersion> builder)
    {
        builder.ToTable("document_version", "standards");
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Ignore(d => d.Label);
        builder.HasOne<Document>().WithMany().HasForeignKey(v => v.DocumentId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(v => v.AuthorId);
    }

    public void Configure(EntityTypeBuilder<DocumentVersionFile> builder)
    {
        builder.ToTable("document_version_file", "standards");
        builder.HasKey(f => new { f.VersionId, f.FileId });
        builder.HasOne<DocumentVersion>().WithMany().HasForeignKey(f => f.VersionId);
        builder.HasOne<Platform.Files.StoredFile>().WithMany().HasForeignKey(f => f.FileId);
    }
}
