using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Training.Faces;

/// <summary>An employee's enrolled face (the id is the employee's): the encrypted descriptor and the consent given for it.</summary>
internal sealed class FaceTemplate : IAuditedEntity
{
    public Guid Id { get; init; }

    public required byte[] EncryptedTemplate { get; set; }

    public required string ConsentText { get; set; }

    public DateTimeOffset ConsentedAt { get; set; }

    public required string EnrolledBy { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "face_template";
}

/// <summary>An employee's kiosk PIN (the id is the employee's), hashed; wrong entries are counted and lock it.</summary>
internal sealed class KioskPin : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string PinHash { get; set; }

    public DateTimeOffset SetAt { get; set; }

    public int FailedAttempts { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "kiosk_pin";
}

internal sealed class FaceConfiguration : IEntityTypeConfiguration<FaceTemplate>, IEntityTypeConfiguration<KioskPin>
{
    public void Configure(EntityTypeBuilder<FaceTemplate> builder)
    {
        builder.ToTable("face_template", "training");
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<KioskPin> builder)
    {
        builder.ToTable("kiosk_pin", "training");
        builder.Property(x => x.Version).IsConcurrencyToken();
    }
}
