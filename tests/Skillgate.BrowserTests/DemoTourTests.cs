using FluentAssertions;
using Microsoft.Playwright;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>The demo plant as its users meet it; the screenshots double as the README tour (docs/screenshots).</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoTourTests(BrowserApp app)
{
    [Fact]
    public async Task Demo_hr_sees_the_org_tree_and_employees_in_Chinese_then_English_on_every_page()
    {
        var page = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(page, "hr");

        await page.GotoAsync("/Organization/OrgUnits");
        (await page.GetByTestId("org-tree").InnerTextAsync()).Should().Contain("星辰精密制造集团").And.Contain("焊接车间");
        await Shots.TakeAsync(page, "org-tree-zh");
        await page.GotoAsync("/Organization/Employees");
        (await page.Locator("h1").InnerTextAsync()).Should().Be("员工档案");
        (await page.GetByTestId("employee-table").Locator("tbody tr").CountAsync()).Should().Be(50);
        await Shots.TakeAsync(page, "employees-zh");
        await page.GetByTestId("employee-table").Locator("tbody tr a").Nth(1).ClickAsync();
        await page.GetByTestId("profile-name").WaitForAsync();
        await Shots.TakeAsync(page, "profile-zh");

        await page.GetByTestId("language-switch").GetByRole(AriaRole.Button).ClickAsync();
        foreach (var (url, heading) in new[]
                 {
                     ("/", "Welcome"), ("/Organization/OrgUnits", "Org tree"), ("/Organization/Employees", "Employees"),
                     ("/Organization/Positions", "Positions"), ("/Organization/ShiftGroups", "Shift groups"), ("/Organization/Import", "Excel import"),
                 })
        {
            await page.GotoAsync(url);
            (await page.Locator("h1").InnerTextAsync()).Should().Contain(heading);
            (await page.Locator("header nav ul.me-auto").InnerTextAsync()).Should().NotMatchRegex(@"[\u4e00-\u9fff]", $"{url} has a Chinese word in the English navigation");
        }

        await Shots.TakeAsync(page, "import-en");
    }

    [Fact]
    public async Task Demo_qa_sees_the_training_matrix_with_welders_to_retrain()
    {
        var page = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(page, "qa");
        await page.GotoAsync("/Competence/Matrix?status=retraining_required");
        (await page.GetByTestId("matrix").InnerTextAsync()).Should().Contain("WI-WELD-01 v2.0").And.Contain("需再培训");
        await Shots.TakeAsync(page, "matrix-zh");
        await page.GotoAsync("/Standards/Documents");
        (await page.GetByTestId("documents").InnerTextAsync()).Should().Contain("WI-WELD-01");
    }

    [Fact]
    public async Task The_welding_workshop_head_sees_only_welding_on_a_phone()
    {
        var page = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await BrowserApp.LoginAsync(page, "weldhead");
        await page.GotoAsync("/Organization/OrgUnits");
        var tree = await page.GetByTestId("org-tree").InnerTextAsync();
        tree.Should().Contain("焊接车间").And.NotContain("总装车间").And.NotContain("涂装车间");
        await page.GotoAsync("/Organization/Employees");
        await Shots.TakeAsync(page, "employees-phone-weldhead");
        (await page.GetByTestId("employee-table").InnerTextAsync()).Should().NotContain("总装");
    }

    [Fact]
    public async Task An_administrator_verifies_the_audit_trail()
    {
        var page = await app.NewPageAsync("en");
        await BrowserApp.LoginAsync(page, "admin");
        await page.GotoAsync("/Admin/Audit");
        await page.GetByTestId("verify").ClickAsync();
        (await page.GetByTestId("verify-result").InnerTextAsync()).Should().Contain("intact");
        await Shots.TakeAsync(page, "audit-en");
    }
}
