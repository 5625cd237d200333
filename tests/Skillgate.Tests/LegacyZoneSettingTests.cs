using System.Net.Http.Json;
using Dapper;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Platform.Time;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>The fixed offset an installation configured becomes its top units' zone once, and is then no longer read (ADR 0023).</summary>
[Trait("Category", "PlantTime")]
public sealed class LegacyZoneSettingTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Theory]
    [InlineData(8, "Asia/Shanghai")]
    [InlineData(-5, "Etc/GMT+5")]
    [InlineData(1, "Etc/GMT-1")]
    [InlineData(0, "UTC")]
    [InlineData(5.5, "Asia/Kolkata")]
    [InlineData(5.25, null)]
    [InlineData(15, null)]
    public void An_offset_stands_for_the_zone_that_keeps_it(double hours, string? zone)
    {
        PlantZones.OfLegacyOffset(hours).Should().Be(zone);
        if (zone is not null)
        {
            var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
            info.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)).Should().Be(TimeSpan.FromHours(hours));
        }
    }

    [Fact]
    public async Task The_configured_offset_becomes_the_top_units_zone_once_and_a_zone_set_on_the_page_is_kept()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var adopting = await TestOrg.CreateAsync(admin, "LY");
        var kept = await TestOrg.CreateAsync(admin, "LZ");
        (await admin.PutAsJsonAsync($"/api/v1/org-units/{kept.Group}/time-zone", new { timeZone = "Europe/Berlin", version = 0 })).EnsureSuccessStatusCode();
        await using var data = app.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        var onDefault = (await db.QueryAsync<Guid>("SELECT id FROM org.org_unit WHERE parent_id IS NULL AND time_zone = 'Asia/Shanghai'")).ToList();
        onDefault.Should().Contain(adopting.Group);

        await StartAsync("-5");
        (await db.QueryAsync<string>("SELECT DISTINCT time_zone FROM org.org_unit WHERE id = ANY(@onDefault)", new { onDefault = onDefault.ToArray() })).Should().Equal("Etc/GMT+5");
        (await db.ExecuteScalarAsync<string>("SELECT time_zone FROM org.org_unit WHERE id = @id", new { id = kept.Group })).Should().Be("Europe/Berlin");
        var zones = app.Services.GetRequiredService<PlantTime>();
        (await zones.ZoneOfAsync(kept.WorkshopA, CancellationToken.None)).Id.Should().Be("Europe/Berlin");
        (await zones.ZoneOfAsync(adopting.WorkshopA, CancellationToken.None)).Id.Should().Be("Etc/GMT+5");
        (await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit.event WHERE entity_type = 'org_unit' AND after->>'setting' = 'Skillgate:Training:PlantUtcOffsetHours'"))
            .Should().Be(onDefault.Count, "each top unit's change is audited");

        await StartAsync("+1");
        (await db.QueryAsync<string>("SELECT DISTINCT time_zone FROM org.org_unit WHERE id = ANY(@onDefault)", new { onDefault = onDefault.ToArray() }))
            .Should().Equal(["Etc/GMT+5"], "the setting is adopted once; later values are only reported");
    }

    private async Task StartAsync(string offset)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LegacyZoneSetting.PlantKey] = offset }).Build();
        var setting = new LegacyZoneSetting(app.Services, configuration, NullLogger<LegacyZoneSetting>.Instance);
        await setting.StartAsync(CancellationToken.None);
    }
}
