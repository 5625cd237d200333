using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Modules.Quality.Domain;

/// <summary>A QA checklist (监督检查表) for an operation or a standard: the items a supervisor checks at the workplace.</summary>
internal sealed class Checklist : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Code { get; init; }

    public required string Title { get; set; }

    public Guid? OperationId { get; set; }

    public Guid? DocumentId { get; set; }

    public List<string> Items { get; set; } = [];

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; set; }

    public string AuditEntityName => "checklist";
}

/// <summary>One supervision check of an employee (Kirkpatrick level 3): pass or fail per item, with comment and photo; passed when every item passed.</summary>
internal sealed class SupervisionCheck : IAuditedEntity
{
    public Guid Id { get; init; }

    public Guid ChecklistId { get; init; }

    public Guid EmployeeId { get; init; }

    public Guid OrgUnitId { get; init; }

    public Guid? BatchId { get; init; }

    public Guid? OperationId { get; init; }

    public Guid PerformedBy { get; init; }

    public required string PerformedByName { get; init; }

    public DateTimeOffset PerformedAt { get; init; }

    public bool Passed { get; init; }

    public string Comment { get; init; } = "";

    /// <summary>The items as checked: [{ item, passed, comment, photoFileId }].</summary>
    public required string Items { get; init; }

    public string AuditEntityName => "supervision_check";
}

internal sealed class QualityConfiguration : IEntityTypeConfiguration<Checklist>, IEntityTypeConfiguration<SupervisionCheck>
{
    public void Configure(EntityTypeBuilder<Checklist> builder)
    {
        builder.ToTable("checklist", "quality");
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<SupervisionCheck> builder)
    {
        builder.ToTable("supervision_check", "quality");
        builder.Property(x => x.Items).HasColumnType("jsonb");
    }
}
