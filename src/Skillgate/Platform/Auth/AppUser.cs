using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Audit;

namespace Skillgate.Platform.Auth;

internal sealed class AppUser : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public string PasswordHash { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public Guid? EmployeeId { get; set; }

    public bool ScopeAll { get; set; }

    public string? Language { get; set; }

    public int FailedLogins { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public bool MustChangePassword { get; set; }

    public Guid SecurityStamp { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public List<UserScope> Scopes { get; init; } = [];

    public string AuditEntityName => "user";
}

/// <summary>An org subtree the user may see; audited as part of the user's record.</summary>
internal sealed class UserScope : IAuditedEntity
{
    public Guid UserId { get; init; }

    public Guid OrgUnitId { get; init; }

    public Guid Id => UserId;

    public string AuditEntityName => "user";
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>, IEntityTypeConfiguration<UserScope>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.ToTable("app_user", "auth");
        builder.HasMany(u => u.Scopes).WithOne().HasForeignKey(s => s.UserId);
    }

    public void Configure(EntityTypeBuilder<UserScope> builder)
    {
        builder.ToTable("user_scope", "auth");
        builder.HasKey(s => new { s.UserId, s.OrgUnitId });
    }
}
