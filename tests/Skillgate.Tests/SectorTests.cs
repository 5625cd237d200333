using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Vocabulary as data (issue 25): the administrator's choice of sector changes the words on every page at once, in both
/// languages; a custom sector's own words show; the lists offer the sector's unit types; bad input and other roles change nothing.
/// </summary>
public sealed class SectorTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Choosing_the_hospital_sector_rewords_the_pages_in_both_languages_and_is_audited()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        var current = (await admin.GetFromJsonAsync<SectorDto>("/api/v1/sector"))!;
        current.Sector.Should().Be("manufacturing");
        (await admin.GetStringAsync("/Quality/Metrics")).Should().Contain("缺陷");
        (await admin.GetFromJsonAsync<List<ListEntryDto>>("/api/v1/unit-types"))!.Select(u => u.Code).Should().Contain("workshop").And.NotContain("ward");

        var set = await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("hospital", null, current.Version));
        set.StatusCode.Should().Be(HttpStatusCode.OK);
        try
        {
            var zh = await admin.GetStringAsync("/Quality/Metrics");
            zh.Should().Contain("不良事件").And.NotContain("缺陷");
            var english = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "en");
            var en = Visible(await english.GetStringAsync("/Quality/Metrics"));
            en.Should().ContainEquivalentOf("adverse event").And.NotContainEquivalentOf("defect");
            (await admin.GetFromJsonAsync<List<ListEntryDto>>("/api/v1/unit-types"))!.Select(u => u.Code).Should().Contain("ward").And.NotContain("workshop");
            (await admin.GetFromJsonAsync<List<ListEntryDto>>("/api/v1/function-tags"))!.Select(u => u.Code).Should().Contain("quality_control").And.NotContain("production");

            await using var ds = app.OpenDataSource();
            await using var audit = ds.CreateCommand("SELECT after->>'sector' FROM audit.event WHERE entity_type = 'sector_setting' ORDER BY occurred_at DESC, seq DESC NULLS FIRST LIMIT 1");
            (await audit.ExecuteScalarAsync()).Should().Be("hospital", "the change is in the audit trail");
        }
        finally
        {
            var now = (await admin.GetFromJsonAsync<SectorDto>("/api/v1/sector"))!;
            (await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("manufacturing", null, now.Version))).EnsureSuccessStatusCode();
        }

        (await admin.GetStringAsync("/Quality/Metrics")).Should().Contain("缺陷", "manufacturing words are back");
    }

    [Fact]
    public async Task A_custom_sector_shows_its_own_words_and_bad_input_or_another_role_changes_nothing()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "en");
        var before = (await admin.GetFromJsonAsync<SectorDto>("/api/v1/sector"))!;

        var unknown = await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("bakery", null, before.Version));
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("Choose manufacturing, hospital or custom");

        var partial = before.Terms.Take(3).Select(t => t with { En = "loaf", EnPlural = "loaves" }).ToList();
        var missing = await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("custom", partial, before.Version));
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).Should().Contain("terms[defect]").And.Contain("“Quality problem” needs its Chinese, English singular and plural");

        var wordsForPreset = await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("hospital", before.Terms, before.Version));
        wordsForPreset.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var hr = await HrAsync(admin);
        (await hr.PutAsJsonAsync("/api/v1/sector", new SectorInput("hospital", null, before.Version))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await hr.GetAsync("/Organization/Sector")).StatusCode.Should().Be(HttpStatusCode.Redirect, "the page is the administrator's");
        (await admin.GetFromJsonAsync<SectorDto>("/api/v1/sector")).Should().BeEquivalentTo(before, "nothing above changed the sector");

        var custom = before.Terms.Select(t => t.Code == "defect" ? t with { Zh = "瑕疵", En = "flaw", EnPlural = "flaws" } : t).ToList();
        var saved = await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("custom", custom, before.Version));
        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        try
        {
            (await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("manufacturing", null, before.Version))).StatusCode
                .Should().Be(HttpStatusCode.Conflict, "the version read before is stale");
            Visible(await admin.GetStringAsync("/Quality/Metrics")).Should().ContainEquivalentOf("flaw").And.NotContainEquivalentOf("defect");
            var page = await admin.GetStringAsync("/Organization/Sector");
            page.Should().Contain("value=\"瑕疵\"").And.Contain("checked=\"checked\" data-testid=\"sector-custom\"");
        }
        finally
        {
            var now = (await admin.GetFromJsonAsync<SectorDto>("/api/v1/sector"))!;
            (await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("manufacturing", null, now.Version))).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task The_sector_page_saves_a_choice_through_its_form()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        var before = (await admin.GetFromJsonAsync<SectorDto>("/api/v1/sector"))!;
        var fields = new Dictionary<string, string> { ["sector"] = "custom", ["version"] = before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var term in before.Terms)
        {
            fields[$"terms[{term.Code}].Zh"] = term.Code == "batch" ? "" : term.Zh;
            fields[$"terms[{term.Code}].En"] = term.En;
            fields[$"terms[{term.Code}].EnPlural"] = term.EnPlural;
        }

        var rejected = await SkillgateFactory.PostFormAsync(admin, "/Organization/Sector", fields);
        rejected.StatusCode.Should().Be(HttpStatusCode.OK, "the form comes back with its error");
        var body = await rejected.Content.ReadAsStringAsync();
        body.Should().Contain("用语: “追溯对象”须填写中文、英文单数和复数");
        (await admin.GetFromJsonAsync<SectorDto>("/api/v1/sector"))!.Sector.Should().Be("manufacturing");

        var hospital = await SkillgateFactory.PostFormAsync(admin, "/Organization/Sector", new Dictionary<string, string> { ["sector"] = "hospital", ["version"] = fields["version"] });
        hospital.StatusCode.Should().Be(HttpStatusCode.Redirect);
        try
        {
            var page = await admin.GetStringAsync("/Organization/Sector");
            page.Should().Contain("value=\"病例\"").And.Contain("已保存");
        }
        finally
        {
            var now = (await admin.GetFromJsonAsync<SectorDto>("/api/v1/sector"))!;
            (await admin.PutAsJsonAsync("/api/v1/sector", new SectorInput("manufacturing", null, now.Version))).EnsureSuccessStatusCode();
        }
    }

    /// <summary>The page's words as a reader sees them (not its field names and links).</summary>
    private static string Visible(string html) => System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " ");

    private async Task<HttpClient> HrAsync(HttpClient admin)
    {
        await app.CreateUserAsync(admin, "SECThr", ["HR"], scopeAll: true);
        return await app.SignInAsync("SECThr", "Passw0rd!x");
    }
}
