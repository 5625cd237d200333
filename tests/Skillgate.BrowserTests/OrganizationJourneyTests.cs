using System.Text.Json;
using FluentAssertions;
using Microsoft.Playwright;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class OrganizationJourneyTests(BrowserApp app)
{
    private static readonly string AxeScript = Path.Combine(RepoRoot(), "tests", "tools", "node_modules", "axe-core", "axe.min.js");

    [Fact]
    public async Task Hr_logs_in_creates_an_org_unit_imports_an_employee_and_finds_them()
    {
        var page = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(page, "admin", SkillgateFactory.DemoPassword);

        await page.GotoAsync("/Organization/OrgUnits");
        var form = page.GetByTestId("new-unit");
        await form.Locator("#Input_Code").FillAsync("PW-LINE9");
        await form.Locator("#Input_Name").FillAsync("九号焊接线");
        await form.Locator("#Input_UnitType").SelectOptionAsync("line");
        await form.Locator("button[type=submit]").ClickAsync();
        await page.GetByTestId("org-tree").GetByText("九号焊接线").WaitForAsync();

        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(file, Workbooks.Employees([["PW0001", "欧阳娜娜", "13912345678", null, "PW-LINE9", null, null, null, "2025-06-01"]]));
        await page.GotoAsync("/Organization/Import");
        await page.SetInputFilesAsync("#file", file);
        await page.Locator("[data-testid=import-form] button[type=submit]").ClickAsync();
        await page.Locator("[data-testid=import-job][data-status=succeeded]").WaitForAsync(new() { Timeout = 30_000 });

        await page.GotoAsync("/Organization/Employees");
        await page.Locator("#q").FillAsync("欧阳");
        await page.Locator("[data-testid=employee-filter] button[type=submit]").ClickAsync();
        await page.GetByTestId("employee-table").GetByText("欧阳娜娜").ClickAsync();
        (await page.GetByTestId("profile-name").TextContentAsync()).Should().Be("欧阳娜娜");
    }

    [Fact]
    public async Task Main_pages_have_no_serious_accessibility_violations_in_either_language()
    {
        var page = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(page, "admin", SkillgateFactory.DemoPassword);
        string[] pages = ["/", "/Organization/OrgUnits", "/Organization/Employees", "/Organization/Positions", "/Organization/ShiftGroups", "/Organization/Import", "/Admin/Users", "/Admin/ApiKeys", "/Admin/Audit", "/Organization/Lists",
            "/Competence/Matrix", "/Standards/Documents", "/Competence/Skills", "/Competence/Operations", "/Competence/Overrides", "/Competence/Completions", "/Account/Notifications",
            "/Learning/Courses", "/Learning/Questions", "/Learning/Instructors", "/Learning/Grading", "/Learning/My", "/verify/SGC-2026-000001-AAAA",
            "/Training/Sessions", "/Training/Rooms", "/Training/Kiosks", "/Training/Anomalies", "/Training/Reports", "/Training/Plans", "/Training/Calendar", "/Training/Face", "/Training/Kiosk",
            "/Quality/Data", "/Quality/Trace?batch=WELD-W2-" + app.Factory.Clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), "/Quality/Trace/Employee?employeeNo=E10004",
            "/Quality/Metrics", "/Quality/Checks", "/Needs", "/Needs/Dashboard", "/Needs/Rules", "/Admin/Webhooks",
            "/Workflow", "/Workflow/Tasks", "/Workflow/Breaches", "/Workflow/Definitions", "/Workflow/Definitions/Details?code=CAPA", "/Workflow/Definitions/Edit?code=MOC",
            "/Workflow/Calendars", "/Workflow/Instances/Start?definition=NEED-PLAN"];
        await page.GotoAsync("/Learning/Courses");
        pages = [(await page.GetByTestId("courses").Locator("a").First.GetAttributeAsync("href"))!, .. pages];
        await page.GotoAsync("/Needs");
        pages = [(await page.GetByTestId("needs").Locator("a").First.GetAttributeAsync("href"))!, .. pages];
        await page.GotoAsync("/Workflow?status=");
        pages = [(await page.GetByTestId("instances").Locator("a").First.GetAttributeAsync("href"))!, .. pages];
        await page.GotoAsync("/Quality/Checks");
        pages = [(await page.GetByTestId("checklists").Locator("a").First.GetAttributeAsync("href"))!, .. pages];
        foreach (var language in new[] { "zh-CN", "en" })
        {
            foreach (var url in pages)
            {
                await page.GotoAsync(url);
                (await page.Locator("html").GetAttributeAsync("lang")).Should().Be(language);
                await page.AddScriptTagAsync(new() { Path = AxeScript });
                var result = await page.EvaluateAsync<JsonElement>(
                    "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
                result.EnumerateArray().Select(v => v.GetString()).Should().BeEmpty($"{url} in {language}");
            }

            if (language == "zh-CN")
            {
                await page.GetByTestId("language-switch").GetByRole(AriaRole.Button).ClickAsync();
                (await page.Locator("nav.navbar").InnerTextAsync()).Should().Contain("Employees");
            }
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Skillgate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }
}
