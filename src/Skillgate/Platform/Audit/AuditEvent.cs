using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Skillgate.Platform.Audit;

/// <summary>One row of the audit trail as it is appended; its chain position and hashes are given later by the sequencer (ADR 0004).</summary>
internal sealed class AuditEvent
{
    public Guid Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public Guid? ActorId { get; init; }

    public required string ActorName { get; init; }

    public required string Action { get; init; }

    public required string EntityType { get; init; }

    public Guid EntityId { get; init; }

    /// <summary>JSON text of the record before the change (stored as jsonb).</summary>
    public string? Before { get; init; }

    /// <summary>JSON text of the record after the change (stored as jsonb).</summary>
    public string? After { get; init; }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("event", "audit");
        builder.Property(e => e.Before).HasColumnType("jsonb");
        builder.Property(e => e.After).HasColumnType("jsonb");
    }
}
