using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Platform.Auth;

/// <summary>A machine client's key. Only its SHA-256 is stored; the prefix finds the row.</summary>
internal sealed class ApiKey : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    public required string Prefix { get; init; }

    public required string KeyHash { get; init; }

    public List<string> Scopes { get; init; } = [];

    public Guid? OrgUnitId { get; init; }

    public Guid CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public string AuditEntityName => "api_key";
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder) => builder.ToTable("api_key", "auth");
}
