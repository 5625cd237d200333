using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Organization.Domain;

/// <summary>A post (岗位) in an org unit; later modules attach qualification requirements to it.</summary>
internal sealed class Position : IAuditedEntity, ICodedRecord
{
    public Guid Id { get; init; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public Guid OrgUnitId { get; set; }

    public bool Active { get; set; } = true;

    public int Version { get; set; }

    public string AuditEntityName => "position";
}

/// <summary>A shift group (班次组), e.g. "A shift, 3 × 8 rotating".</summary>
internal sealed class ShiftGroup : IAuditedEntity, ICodedRecord
{
    public Guid Id { get; init; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public Guid? OrgUnitId { get; set; }

    public string Pattern { get; set; } = "";

    public bool Active { get; set; } = true;

    public int Version { get; set; }

    public string AuditEntityName => "shift_group";
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>, IEntityTypeConfiguration<ShiftGroup>
{
    public void Configure(EntityTypeBuilder<Position> builder)
    {
        builder.ToTable("position", "org");
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(p => p.OrgUnitId);
    }

    public void Configure(EntityTypeBuilder<ShiftGroup> builder)
    {
        builder.ToTable("shift_group", "org");
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(s => s.OrgUnitId);
    }
}
