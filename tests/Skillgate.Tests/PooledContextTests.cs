using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Organization;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Module contexts are pooled (issue 23): an instance comes back to a later request. It must serve only that request's unit of
/// work — its connection and transaction, its actor in the audit trail — and carry nothing of the request it served before.
/// </summary>
public sealed class PooledContextTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_context_back_from_the_pool_serves_only_its_new_unit_of_work()
    {
        var code = "POOL" + Guid.NewGuid().ToString("N")[..6];
        OrganizationDb first;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<AuditActor>().ActAs(null, "first-request");
            first = scope.ServiceProvider.GetRequiredService<OrganizationDb>();
            first.Add(new OrgUnit { Id = Guid.CreateVersion7(), Code = code + "X", Name = "never saved", UnitType = "plant", Path = "/" });
        }

        // The pool hands instances out in turn; a few requests later the first one comes back.
        for (var lease = 0; ; lease++)
        {
            lease.Should().BeLessThan(200, "a context given back is leased again");
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            services.GetRequiredService<AuditActor>().ActAs(null, "second-request");
            var db = services.GetRequiredService<OrganizationDb>();
            if (!ReferenceEquals(db, first))
            {
                continue;
            }

            db.ChangeTracker.Entries().Should().BeEmpty("the earlier request's unsaved change stayed with it");
            db.Database.GetDbConnection().Should().BeSameAs(services.GetRequiredService<UnitOfWork>().Connection, "the context works on its new unit's connection");
            using var system = SqlScope.AsSystem();
            var id = Guid.CreateVersion7();
            db.Add(new OrgUnit { Id = id, Code = code, Name = "pooled", UnitType = "plant", Path = OrgUnit.PathOf(null, id) });
            await db.SaveChangesAsync();
            var platform = services.GetRequiredService<PlatformDb>();
            (await platform.Set<AuditEvent>().Where(e => e.EntityId == id).Select(e => e.ActorName).ToListAsync())
                .Should().Equal(["second-request"], "the change is recorded as the new request's actor");
            (await db.Set<OrgUnit>().CountAsync(u => u.Code == code + "X")).Should().Be(0);
            break;
        }
    }
}
