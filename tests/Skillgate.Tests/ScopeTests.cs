using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>A DepartmentHead scoped to workshop A can neither read nor change workshop B's people, through the API or the UI.</summary>
public sealed class ScopeTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    private async Task<(TestOrg Org, HttpClient Head)> SetUpAsync()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "S" + Guid.NewGuid().ToString("N")[..4]);
        var name = "head" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserAsync(admin, name, ["DepartmentHead"], scopeAll: false, scope: [org.WorkshopA]);
        return (org, await app.SignInAsync(name, "Passw0rd!x"));
    }

    [Fact]
    public async Task Api_list_and_read_stay_inside_the_subtree()
    {
        var (org, head) = await SetUpAsync();

        var list = await head.GetFromJsonAsync<PageDto>("/api/v1/employees?pageSize=200");
        list!.Items.Select(e => e.Id).Should().Contain(org.EmployeeA).And.NotContain(org.EmployeeB);
        (await head.GetAsync($"/api/v1/employees/{org.EmployeeA}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await head.GetAsync($"/api/v1/employees/{org.EmployeeB}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await head.GetAsync($"/api/v1/employees/{org.EmployeeB}/events")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_changes_outside_the_subtree_are_refused_and_change_nothing()
    {
        var (org, head) = await SetUpAsync();

        var update = await head.PutAsJsonAsync($"/api/v1/employees/{org.EmployeeB}", new { name = "改名", phone = (string?)null, email = (string?)null, managerId = (Guid?)null, shiftGroupId = (Guid?)null, version = 0 });
        update.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var transferIn = await head.PostAsJsonAsync($"/api/v1/employees/{org.EmployeeA}/events", new { kind = "transfer", effectiveOn = "2026-11-01", toOrgUnitId = org.WorkshopB, toPositionId = (Guid?)null, note = "", version = 0 });
        transferIn.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var hire = await head.PostAsJsonAsync("/api/v1/employees", new { employeeNo = "X" + Guid.NewGuid().ToString("N")[..6], name = "王强", orgUnitId = org.WorkshopB, hireDate = "2026-01-01" });
        hire.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var b = await admin.GetFromJsonAsync<EmployeeDto>($"/api/v1/employees/{org.EmployeeB}");
        b!.Name.Should().Be("李娜");
        var a = await admin.GetFromJsonAsync<EmployeeDto>($"/api/v1/employees/{org.EmployeeA}");
        a!.OrgUnitId.Should().Be(org.WorkshopA);
    }

    [Fact]
    public async Task Ui_shows_and_edits_only_the_subtree()
    {
        var (org, head) = await SetUpAsync();

        var list = await head.GetStringAsync("/Organization/Employees?pageSize=200");
        list.Should().Contain("张伟").And.NotContain("李娜");
        (await head.GetAsync($"/Organization/Employees/Profile?id={org.EmployeeB}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var post = await SkillgateFactory.PostFormAsync(head, $"/Organization/Employees/Profile?id={org.EmployeeB}&handler=Update",
            new() { ["id"] = org.EmployeeB.ToString(), ["version"] = "0", ["name"] = "改名" }, pageForToken: $"/Organization/Employees/Profile?id={org.EmployeeA}");
        post.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var tree = await head.GetStringAsync("/Organization/OrgUnits");
        tree.Should().Contain("焊接车间").And.NotContain("总装车间");
    }

    [Fact]
    public async Task Wrong_role_cannot_manage_users_or_the_org_tree()
    {
        var (org, head) = await SetUpAsync();

        (await head.GetAsync("/api/v1/users")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await head.PostAsJsonAsync("/api/v1/org-units", new { code = "NOPE", name = "x", unitType = "team", parentId = org.WorkshopA })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await head.GetAsync("/Admin/Users")).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    public sealed record EmployeeDto(Guid Id, string Name, Guid OrgUnitId);

    public sealed record PageDto(List<EmployeeDto> Items, long Total);
}
