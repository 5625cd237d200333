using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Platform.Time;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Each org unit's time zone (ADR 0023): its own, else its nearest ancestor's; every top unit has one; a zone both .NET and
/// PostgreSQL know; the plant's local day of an instant, not the server's.
/// </summary>
[Trait("Category", "PlantTime")]
public sealed class PlantTimeTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    private async Task<(HttpClient Admin, TestOrg Org)> SetUpAsync()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        return (admin, await TestOrg.CreateAsync(admin, "Z" + Guid.NewGuid().ToString("N")[..4]));
    }

    [Fact]
    public async Task A_unit_takes_its_nearest_ancestors_zone_until_it_names_its_own()
    {
        var (admin, org) = await SetUpAsync();
        var group = await UnitAsync(admin, org.Group);
        group.GetProperty("timeZone").GetString().Should().NotBeNullOrEmpty("a top unit always has a zone");

        var set = await admin.PutAsJsonAsync($"/api/v1/org-units/{org.Plant}/time-zone", new { timeZone = "Europe/Berlin", version = 0 });
        set.StatusCode.Should().Be(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var workshop = await UnitAsync(admin, org.WorkshopA);
        workshop.GetProperty("timeZone").ValueKind.Should().Be(JsonValueKind.Null);
        workshop.GetProperty("effectiveTimeZone").GetString().Should().Be("Europe/Berlin");
        var zones = app.Services.GetRequiredService<PlantTime>();
        (await zones.ZoneOfAsync(org.WorkshopA, CancellationToken.None)).Id.Should().Be("Europe/Berlin");

        var back = await admin.PutAsJsonAsync($"/api/v1/org-units/{org.Plant}/time-zone", new { timeZone = (string?)null, version = 1 });
        back.StatusCode.Should().Be(HttpStatusCode.OK, await back.Content.ReadAsStringAsync());
        (await UnitAsync(admin, org.WorkshopA)).GetProperty("effectiveTimeZone").GetString().Should().Be(group.GetProperty("timeZone").GetString());
        (await zones.ZoneOfAsync(org.WorkshopA, CancellationToken.None)).Id.Should().Be(group.GetProperty("timeZone").GetString());

        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/org-units/{org.Plant}/history");
        history.ToString().Should().Contain("Europe/Berlin", "the change and its undoing are audited");
    }

    [Fact]
    public async Task A_unit_that_becomes_a_top_unit_keeps_the_zone_it_had()
    {
        var (admin, org) = await SetUpAsync();
        (await admin.PutAsJsonAsync($"/api/v1/org-units/{org.Plant}/time-zone", new { timeZone = "America/Chicago", version = 0 })).EnsureSuccessStatusCode();
        var moved = await admin.PostAsJsonAsync($"/api/v1/org-units/{org.WorkshopB}/move", new { newParentId = (Guid?)null, version = 0 });
        moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        var unit = await moved.Content.ReadFromJsonAsync<JsonElement>();
        unit.GetProperty("timeZone").GetString().Should().Be("America/Chicago");

        var under = await admin.PostAsJsonAsync($"/api/v1/org-units/{org.WorkshopB}/move", new { newParentId = org.Group, version = 1 });
        under.StatusCode.Should().Be(HttpStatusCode.OK);
        (await under.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("effectiveTimeZone").GetString().Should().Be("America/Chicago", "its own zone stays where it goes");
    }

    [Fact]
    public async Task Whatever_writes_the_tree_a_top_unit_gets_a_zone()
    {
        var (admin, org) = await SetUpAsync();
        (await admin.PutAsJsonAsync($"/api/v1/org-units/{org.Plant}/time-zone", new { timeZone = "Europe/Berlin", version = 0 })).EnsureSuccessStatusCode();
        await using var data = app.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        var id = Guid.NewGuid();
        await db.ExecuteAsync("INSERT INTO org.org_unit (id, code, name, unit_type, path) VALUES (@id, @code, '导入的集团', 'group', '/' || replace(@id::text, '-', '') || '/')",
            new { id, code = "ZI" + id.ToString("N")[..6] });
        (await db.ExecuteScalarAsync<string>("SELECT time_zone FROM org.org_unit WHERE id = @id", new { id })).Should().NotBeNullOrEmpty();

        await db.ExecuteAsync("UPDATE org.org_unit SET parent_id = NULL, path = '/' || replace(id::text, '-', '') || '/' WHERE id = @id", new { id = org.WorkshopA });
        (await db.ExecuteScalarAsync<string>("SELECT time_zone FROM org.org_unit WHERE id = @id", new { id = org.WorkshopA })).Should().Be("Europe/Berlin");

        var refused = async () => await db.ExecuteAsync("UPDATE org.org_unit SET time_zone = NULL WHERE id = @id", new { id = org.Group });
        (await refused.Should().ThrowAsync<Npgsql.PostgresException>()).Which.SqlState.Should().Be("23514");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("China Standard Time")]
    [InlineData("")]
    public async Task An_unknown_zone_is_refused_in_the_users_language_and_changes_nothing(string zone)
    {
        var (admin, org) = await SetUpAsync();
        var refused = await admin.PutAsJsonAsync($"/api/v1/org-units/{org.Plant}/time-zone", new { timeZone = zone, version = 0 });
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("timeZone")[0].GetString().Should().StartWith("未知的时区");

        var created = await admin.PostAsJsonAsync("/api/v1/org-units", new { code = "ZX" + Guid.NewGuid().ToString("N")[..6], name = "新厂", unitType = "plant", parentId = org.Group, timeZone = zone });
        created.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var unit = await UnitAsync(admin, org.Plant);
        unit.GetProperty("version").GetInt32().Should().Be(0);
        unit.GetProperty("timeZone").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_top_unit_cannot_be_left_without_a_zone()
    {
        var (admin, org) = await SetUpAsync();
        var refused = await admin.PutAsJsonAsync($"/api/v1/org-units/{org.Group}/time-zone", new { timeZone = (string?)null, version = 0 });
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("timeZone")[0].GetString().Should().Be("顶级组织必须设定时区");
        (await UnitAsync(admin, org.Group)).GetProperty("timeZone").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Only_who_may_change_the_org_tree_in_scope_sets_a_zone()
    {
        var (admin, org) = await SetUpAsync();
        var qa = "qa" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserAsync(admin, qa, ["QA"], scopeAll: true);
        var asQa = await app.SignInAsync(qa, "Passw0rd!x");
        (await asQa.PutAsJsonAsync($"/api/v1/org-units/{org.Plant}/time-zone", new { timeZone = "Europe/Berlin", version = 0 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var hr = "hr" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserAsync(admin, hr, ["HR"], scopeAll: false, scope: [org.WorkshopA]);
        var asHr = await app.SignInAsync(hr, "Passw0rd!x");
        (await asHr.PutAsJsonAsync($"/api/v1/org-units/{org.WorkshopB}/time-zone", new { timeZone = "Europe/Berlin", version = 0 })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await asHr.PutAsJsonAsync($"/api/v1/org-units/{org.WorkshopA}/time-zone", new { timeZone = "Europe/Berlin", version = 0 })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await UnitAsync(admin, org.WorkshopB)).GetProperty("effectiveTimeZone").GetString().Should().NotBe("Europe/Berlin");
    }

    [Fact]
    public async Task A_defect_found_at_half_past_seven_in_Shanghai_is_on_that_local_day_whatever_the_servers_zone()
    {
        var (admin, org) = await SetUpAsync();
        (await admin.PutAsJsonAsync($"/api/v1/org-units/{org.Plant}/time-zone", new { timeZone = "Asia/Shanghai", version = 0 })).EnsureSuccessStatusCode();
        var zones = app.Services.GetRequiredService<PlantTime>();
        var found = new DateTimeOffset(2026, 12, 2, 7, 30, 0, TimeSpan.FromHours(8));
        (await zones.DayOfAsync(org.WorkshopA, found, CancellationToken.None)).Should().Be(new DateOnly(2026, 12, 2));
        (await zones.StartOfAsync(org.WorkshopA, new DateOnly(2026, 12, 2), CancellationToken.None)).Should().Be(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Every_node_sees_a_zone_changed_by_any_writer_at_once_not_after_the_lifetime()
    {
        var (_, org) = await SetUpAsync();
        var zones = app.Services.GetRequiredService<PlantTime>();
        var before = (await zones.ZoneOfAsync(org.WorkshopA, CancellationToken.None)).Id;
        before.Should().NotBe("America/Denver");
        await using var data = app.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        await db.ExecuteAsync("UPDATE org.org_unit SET time_zone = 'America/Denver' WHERE id = @id", new { id = org.Plant });

        // The test clock does not move: only the trigger's notification can make this node read the zones again.
        var seen = before;
        for (var i = 0; i < 100 && seen != "America/Denver"; i++)
        {
            await Task.Delay(50);
            seen = (await zones.ZoneOfAsync(org.WorkshopA, CancellationToken.None)).Id;
        }

        seen.Should().Be("America/Denver");
    }

    [Fact]
    public async Task The_app_and_its_database_sessions_run_in_the_zone_the_test_run_names()
    {
        // test.sh runs this category with TZ=UTC and again with TZ=Etc/GMT+5: both the process and the database must be in it.
        // (A run started without TZ, from an IDE, has nothing to compare.)
        var named = Environment.GetEnvironmentVariable("TZ");
        if (string.IsNullOrEmpty(named))
        {
            return;
        }

        TimeZoneInfo.Local.BaseUtcOffset.Should().Be(TimeZoneInfo.FindSystemTimeZoneById(named!).BaseUtcOffset);
        await using var data = app.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        (await db.ExecuteScalarAsync<string>("SELECT current_setting('TimeZone')")).Should().Be(named);
    }

    private static async Task<JsonElement> UnitAsync(HttpClient admin, Guid id) => await admin.GetFromJsonAsync<JsonElement>($"/api/v1/org-units/{id}");
}
