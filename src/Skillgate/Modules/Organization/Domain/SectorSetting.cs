using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Organization.Domain;

/// <summary>The organisation's sector and, for a custom one, its own words (one row).</summary>
internal sealed class SectorSetting : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Sector { get; set; }

    /// <summary>The custom words as JSON: term code → { zh, en, enPlural }.</summary>
    public string Terms { get; set; } = "{}";

    public int Version { get; set; }

    public string AuditEntityName => "sector_setting";
}

internal sealed class SectorSettingConfiguration : IEntityTypeConfiguration<SectorSetting>
{
    public void Configure(EntityTypeBuilder<SectorSetting> builder)
    {
        builder.ToTable("sector_setting", "org");
        builder.Property(s => s.Terms).HasColumnType("jsonb");
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}
