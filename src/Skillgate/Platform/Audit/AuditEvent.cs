using System.Text.Json;
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

    public JsonDocument? Before { get; init; }

    public JsonDocument? After { get; init; }
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
