using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Organization.Domain;

/// <summary>A node of the org tree; <see cref="Path"/> lists its ancestors' ids and its own.</summary>
internal sealed class OrgUnit : IAuditedEntity, ICodedRecord
{
    public Guid Id { get; init; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string UnitType { get; set; }

    public Guid? ParentId { get; set; }

    public required string Path { get; set; }

    public List<string> Functions { get; set; } = [];

    public bool Active { get; set; } = true;

    public int Sort { get; set; }

    /// <summary>The unit's own IANA time zone; without one it takes its nearest ancestor's (ADR 0023). Every root has one.</summary>
    public string? TimeZone { get; set; }

    public int Version { get; set; }

    public string AuditEntityName => "org_unit";

    public static string PathOf(string? parentPath, Guid id) => (parentPath ?? "/") + id.ToString("N") + "/";
}

/// <summary>An entry of an admin-extendable list (unit types, function tags), named in both UI languages.</summary>
internal abstract class ListEntry : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Code { get; init; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    public int Sort { get; set; }

    /// <summary>The sectors whose lists show this entry; empty for every sector.</summary>
    public List<string> Sectors { get; set; } = [];

    public abstract string AuditEntityName { get; }

    public string DisplayName(bool chinese) => chinese ? NameZh : NameEn;
}

internal sealed class UnitType : ListEntry
{
    public override string AuditEntityName => "unit_type";
}

internal sealed class FunctionTag : ListEntry
{
    public override string AuditEntityName => "function_tag";
}

internal sealed class OrgUnitConfiguration :
    IEntityTypeConfiguration<OrgUnit>, IEntityTypeConfiguration<UnitType>, IEntityTypeConfiguration<FunctionTag>
{
    public void Configure(EntityTypeBuilder<OrgUnit> builder)
    {
        builder.ToTable("org_unit", "org");
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.ParentId);
    }

    public void Configure(EntityTypeBuilder<UnitType> builder)
    {
        builder.ToTable("unit_type", "org");
    }

    public void Configure(EntityTypeBuilder<FunctionTag> builder)
    {
        builder.ToTable("function_tag", "org");
    }
}
