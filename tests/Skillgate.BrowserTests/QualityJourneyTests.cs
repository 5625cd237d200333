using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>The demo plant's quality data: QA traces today's batch and reads the p-chart, uploads a CSV; HR opens the W2 welding need.</summary>
[Collection(BrowserCollection.Name)]
public sealed class QualityJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Qa_traces_a_batch_reads_the_control_chart_and_uploads_defects_then_hr_opens_the_W2_welding_need()
    {
        var page = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(page, "qa");
        await page.GotoAsync("/Quality/Trace");
        await page.Locator("#batch").FillAsync($"WELD-W1-{app.Factory.Clock.GetUtcNow():yyyyMMdd}");
        await page.Locator("form[role=search] button[type=submit]").ClickAsync();
        var operations = page.GetByTestId("trace-operations");
        (await operations.InnerTextAsync()).Should().Contain("W1 焊接工位").And.Contain("不合格").And.Contain("需再培训");
        await Shots.TakeAsync(page, "trace-zh");

        await page.GotoAsync("/Quality/Metrics?dimension=line&period=month");
        (await page.GetByTestId("metrics").InnerTextAsync()).Should().Contain("W2 焊接线");
        await page.GetByTestId("metrics").GetByText("W2 焊接线").ClickAsync();
        await page.Locator("[data-chart] svg").First.WaitForAsync();
        (await page.GetByTestId("chart-points").Locator("tr.table-danger").CountAsync()).Should().BeGreaterThan(0, "W2's rising months break a run rule");
        await Shots.TakeAsync(page, "metrics-zh");

        await page.GotoAsync("/Quality/Data?kind=defects");
        var csv = "externalId,batch,line,operation,defectType,quantity,cause,foundOn\nBT-D1,BT-B1,P1-WELD-W1,W1-STATION,焊渣,2,method,2026-11-20\n";
        await page.Locator("#uploadKind").SelectOptionAsync("defects");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "defects.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.Locator("form[enctype] button[type=submit]").ClickAsync();
        (await page.Locator("[role=status]").InnerTextAsync()).Should().Contain("新增 1 条");
        await page.Locator("#q").FillAsync("BT-D1");
        await page.Locator("#q").PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("q=BT-D1"));
        (await page.GetByTestId("records").InnerTextAsync()).Should().Contain("BT-D1");

        var hr = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(hr, "hr");
        await hr.GotoAsync("/Needs");
        await hr.GetByTestId("needs").Locator("tr", new() { HasText = "P1-WELD-W2" }).Locator("a").ClickAsync();
        await hr.Locator("[data-chart] svg").First.WaitForAsync();
        (await hr.Locator("main").InnerTextAsync()).Should().Contain("TIG 焊工位实操认证").And.Contain("连续 3 期上升");
        (await hr.GetByTestId("need-people").Locator("tbody tr").CountAsync()).Should().BeGreaterThan(0);
        await Shots.TakeAsync(hr, "need-zh");
        await hr.GotoAsync("/Needs/Dashboard");
        await hr.Locator("[data-chart] svg").First.WaitForAsync();
        await Shots.TakeAsync(hr, "needs-dashboard-zh");
    }
}
