using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization.Domain;

/// <summary>The accounts' links into the organisation (a user's employee, a scope's org unit), so EF orders inserts by them.</summary>
internal sealed class AccountLinksConfiguration : IEntityTypeConfiguration<AppUser>, IEntityTypeConfiguration<UserScope>
{
    public void Configure(EntityTypeBuilder<AppUser> builder) =>
        builder.HasOne<Employee>().WithMany().HasForeignKey(u => u.EmployeeId);

    public void Configure(EntityTypeBuilder<UserScope> builder) =>
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(s => s.OrgUnitId);
}
