using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Organization;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// A unit of work keeps its one connection open from first use to its end (issue 23), so the scope a statement runs under can
/// no longer come from the connection's open alone: each command carries the caller's current scope, including across a
/// handler's stretch as the system and a rollback that undoes a scope set inside it.
/// </summary>
public sealed class UnitOfWorkScopeTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Each_statement_on_the_held_connection_runs_under_the_callers_current_scope()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        await TestOrg.CreateAsync(admin, "UW");
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;

        // An anonymous caller's scope: nobody.
        SqlScope.BeginRequest(services.GetRequiredService<DataScope>(), null);
        var db = services.GetRequiredService<OrganizationDb>();
        var work = services.GetRequiredService<UnitOfWork>();
        Task<int> PeopleAsync() => db.Set<Employee>().CountAsync();

        (await PeopleAsync()).Should().Be(0, "the caller sees nobody");
        using (SqlScope.AsSystem())
        {
            (await PeopleAsync()).Should().BePositive("as the system the same connection sees everyone");
        }

        (await PeopleAsync()).Should().Be(0, "back in the caller's scope");
        work.Connection.State.Should().Be(System.Data.ConnectionState.Open, "the unit holds its connection between statements");

        // The connection carries the system's scope when a transaction begins; the caller's scope is set inside it, and the
        // rollback puts the system's back on the server.
        var system = SqlScope.AsSystem();
        (await PeopleAsync()).Should().BePositive();
        var tx = await work.BeginAsync(CancellationToken.None);
        system.Dispose();
        (await PeopleAsync()).Should().Be(0);
        await tx.DisposeAsync();
        (await PeopleAsync()).Should().Be(0, "after the rollback the caller's scope is set again");
    }
}
