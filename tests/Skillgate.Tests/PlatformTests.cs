using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Platform.Localization;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

public sealed class PlatformTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Health_reports_the_database()
    {
        var health = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health");
        health.GetProperty("database").GetString().Should().Be("up");
        health.GetProperty("migrations").GetInt32().Should().BeGreaterThanOrEqualTo(2);

        // Other tests of this class move the clock by hours, so a job may be overdue for a moment: that is "degraded", never "unhealthy".
        health.GetProperty("status").GetString().Should().BeOneOf("healthy", "degraded");
        health.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "database").GetProperty("working").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task The_committed_openapi_document_is_the_served_one()
    {
        var served = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        var path = Path.Combine(RepoRoot(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("SKILLGATE_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        var committed = await File.ReadAllTextAsync(path);
        Normalize(committed).Should().Be(Normalize(served), "docs/openapi.json must be regenerated (see README) when the API changes");
    }

    [Fact]
    public async Task The_openapi_document_passes_spectral_lint_without_errors_or_warnings()
    {
        var root = RepoRoot();
        var spectral = Path.Combine(root, "tests", "tools", "node_modules", ".bin", "spectral");
        File.Exists(spectral).Should().BeTrue("test.sh installs tests/tools with npm ci");
        var info = new System.Diagnostics.ProcessStartInfo(spectral) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "lint", "docs/openapi.json", "--ruleset", ".spectral.yaml", "--fail-severity", "warn" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, output);
        output.Should().NotContain("problems", "Spectral lists every error and warning as a problem");
    }

    [Fact]
    public void Both_languages_have_the_same_texts()
    {
        var texts = new Texts();
        texts.For("zh-CN").Keys.Should().BeEquivalentTo(texts.For("en").Keys);
        texts.For("zh-CN").Values.Concat(texts.For("en").Values).Should().NotContain(v => string.IsNullOrWhiteSpace(v));
    }

    [Fact]
    public async Task Chinese_browsers_get_Chinese_and_the_switch_is_remembered_per_user()
    {
        var zh = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN,zh;q=0.9");
        (await zh.GetStringAsync("/Organization/OrgUnits")).Should().Contain("组织架构");
        var switched = await SkillgateFactory.PostFormAsync(zh, "/Account/Language", new() { ["culture"] = "en", ["returnUrl"] = "/" }, pageForToken: "/");
        switched.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await zh.GetStringAsync("/Organization/OrgUnits")).Should().Contain("Org tree");

        var again = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        (await again.GetStringAsync("/Organization/Employees")).Should().Contain("Employees").And.NotContain("员工档案");
    }

    [Fact]
    public async Task Security_headers_and_401_for_anonymous_api_calls()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/api/v1/employees");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var page = await client.GetAsync("/Account/Login");
        page.Headers.GetValues("X-Content-Type-Options").Should().Contain("nosniff");
        page.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'");
    }

    [Fact]
    public async Task Lockout_after_repeated_failures_lifts_when_the_clock_moves_on()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        await app.CreateUserAsync(admin, "lockme", ["Employee"], scopeAll: false);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
        {
            await SkillgateFactory.PostFormAsync(client, "/Account/Login", new() { ["UserName"] = "lockme", ["Password"] = "wrong" });
        }

        var locked = await SkillgateFactory.PostFormAsync(client, "/Account/Login", new() { ["UserName"] = "lockme", ["Password"] = "Passw0rd!x" });
        locked.StatusCode.Should().Be(HttpStatusCode.OK, "a locked account stays on the login page");
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var ok = await SkillgateFactory.PostFormAsync(client, "/Account/Login", new() { ["UserName"] = "lockme", ["Password"] = "Passw0rd!x" });
        ok.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_password_reset_ends_the_users_sessions_and_forces_a_new_password()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var id = await app.CreateUserAsync(admin, "resetme", ["HR"], scopeAll: true);
        var user = await app.SignInAsync("resetme", "Passw0rd!x");
        (await user.GetAsync("/api/v1/employees")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await admin.PostAsJsonAsync($"/api/v1/users/{id}/reset-password", new { newPassword = "Temp0rary!x" })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await user.GetAsync("/api/v1/employees")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the old session ends");
        var fresh = app.CreateClient(new() { AllowAutoRedirect = false });
        var login = await SkillgateFactory.PostFormAsync(fresh, "/Account/Login", new() { ["UserName"] = "resetme", ["Password"] = "Temp0rary!x" });
        login.Headers.Location!.ToString().Should().Contain("/Account/ChangePassword");
        var weak = await SkillgateFactory.PostFormAsync(fresh, "/Account/ChangePassword", new() { ["CurrentPassword"] = "Temp0rary!x", ["NewPassword"] = "short" });
        (await weak.Content.ReadAsStringAsync()).Should().Contain("At least 8 characters");
        var changed = await SkillgateFactory.PostFormAsync(fresh, "/Account/ChangePassword", new() { ["CurrentPassword"] = "Temp0rary!x", ["NewPassword"] = "N3wPassword!" });
        changed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var history = await admin.GetFromJsonAsync<List<JsonElement>>($"/api/v1/users/{id}/history");
        history!.Count.Should().BeGreaterThanOrEqualTo(3);
        JsonSerializer.Serialize(history).Should().NotContain("Temp0rary").And.NotContain("AQAAAA", "password hashes appear only as fingerprints");
    }

    [Fact]
    public async Task A_sign_in_cookie_in_use_still_expires_after_its_lifetime()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        await app.CreateUserAsync(admin, "expireme", ["HR"], scopeAll: true);
        var user = await app.SignInAsync("expireme", "Passw0rd!x");
        (await user.GetAsync("/api/v1/employees")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await user.GetAsync("/api/v1/employees")).StatusCode.Should().Be(HttpStatusCode.OK, "the second request is served from the remembered ticket");

        app.Clock.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(1));

        (await user.GetAsync("/api/v1/employees")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a remembered ticket keeps its expiry");
    }

    [Fact]
    public async Task Api_keys_are_shown_once_stored_hashed_scoped_and_revocable()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var created = await SkillgateFactory.PostFormAsync(admin, "/Admin/ApiKeys", new() { ["Name"] = "MES", ["Scopes"] = "org:read" });
        var html = await created.Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(html, "sg_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}").Value;
        key.Should().NotBeEmpty();

        var mes = app.CreateClient();
        mes.DefaultRequestHeaders.Add("Authorization", "ApiKey " + key);
        (await mes.GetAsync("/api/v1/employees")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await mes.PostAsJsonAsync("/api/v1/org-units", new { code = "K1", name = "k", unitType = "team" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        await using var ds = app.OpenDataSource();
        await using (var cmd = ds.CreateCommand("SELECT count(*) FROM auth.api_key WHERE key_hash = @k"))
        {
            cmd.Parameters.AddWithValue("k", key);
            ((long)(await cmd.ExecuteScalarAsync())!).Should().Be(0, "only the hash is stored");
        }

        await using (var cmd = ds.CreateCommand("SELECT id FROM auth.api_key WHERE name = 'MES'"))
        {
            var id = (Guid)(await cmd.ExecuteScalarAsync())!;
            (await SkillgateFactory.PostFormAsync(admin, "/Admin/ApiKeys?handler=Revoke", new() { ["id"] = id.ToString() }, "/Admin/ApiKeys")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        (await mes.GetAsync("/api/v1/employees")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_with_field_names_and_leaves_data_unchanged()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "BI");
        var response = await admin.PutAsJsonAsync($"/api/v1/employees/{org.EmployeeA}", new { name = "", phone = "abc", email = "nope", version = 0 });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("name", "phone", "email");

        var duplicate = await admin.PostAsJsonAsync("/api/v1/employees", new { employeeNo = "BI1001", name = "重复", orgUnitId = org.WorkshopA, hireDate = "2024-01-01" });
        duplicate.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("duplicate_employee_no");

        var exit = await admin.PostAsJsonAsync($"/api/v1/employees/{org.EmployeeA}/events", new { kind = "return", effectiveOn = "2026-01-01", version = 0 });
        exit.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/employees/{org.EmployeeA}");
        after.GetProperty("name").GetString().Should().Be("张伟");
        after.GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task Moving_a_subtree_keeps_scope_paths_and_refuses_cycles()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "MV");
        var cycle = await admin.PostAsJsonAsync($"/api/v1/org-units/{org.Plant}/move", new { newParentId = org.WorkshopA, version = 0 });
        cycle.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var moved = await admin.PostAsJsonAsync($"/api/v1/org-units/{org.WorkshopB}/move", new { newParentId = org.WorkshopA, version = 0 });
        moved.StatusCode.Should().Be(HttpStatusCode.OK);
        var underA = await admin.GetFromJsonAsync<ScopeTests.PageDto>($"/api/v1/employees?orgUnitId={org.WorkshopA}");
        underA!.Items.Select(e => e.Id).Should().Contain([org.EmployeeA, org.EmployeeB]);
        var deactivate = await admin.PostAsync($"/api/v1/org-units/{org.WorkshopA}/deactivate?version=0", null);
        deactivate.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Skillgate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Skillgate.slnx not found above the test folder");
    }
}
