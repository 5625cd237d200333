using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>
/// The quality director's loop on the demo plant: the company goal broken down to the workshops and welders, a month computed
/// and closed with HR's signature, reproduced, and its results read for payroll; a welder reads their own KPIs on a phone;
/// production disputes a defect's cause and QA upholds it from the inbox.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KpiJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Hr_follows_the_goal_cascade_closes_a_month_reproduces_it_and_reads_its_results()
    {
        var page = await app.NewPageAsync("zh-CN");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await BrowserApp.LoginAsync(page, "hr");
        await page.GotoAsync("/Performance/Goals");
        await page.GetByTestId("goal-roots").Locator("a", new() { HasText = "公司次品率较基准月下降 5%" }).ClickAsync();
        await page.Locator("[data-chart] svg").First.WaitForAsync();
        var goals = page.GetByTestId("goals");
        (await goals.InnerTextAsync()).Should().Contain("焊接车间次品率").And.Contain("总装车间次品率").And.Contain("焊工工艺达标率 100%");
        (await goals.Locator("tbody tr").CountAsync()).Should().BeGreaterThan(10, "the company, two workshops and every welder by template");
        (await page.Locator("main").InnerTextAsync()).Should().NotMatchRegex(@"\b[a-z]+\.[a-z_]+\b", "no text key shows");
        await Shots.TakeAsync(page, "kpi-goals-zh");

        // The oldest month: computed again, then closed with the signature; reproducing it gives the same scores.
        await page.GotoAsync("/Performance/Periods");
        var row = page.GetByTestId("periods").Locator("tbody tr").Filter(new() { HasText = "月度" }).Last;
        var label = (await row.Locator("td a").First.InnerTextAsync()).Trim();
        await row.GetByRole(AriaRole.Button, new() { Name = "计算" }).ClickAsync();
        await page.Locator(".alert-success", new() { HasText = "已计算" }).WaitForAsync();
        row = page.GetByTestId("periods").Locator("tbody tr", new() { HasText = label });
        await row.Locator("summary").ClickAsync();
        await row.Locator("input[type=password]").FillAsync(Skillgate.Tests.Infrastructure.SkillgateFactory.DemoPassword);
        await row.GetByRole(AriaRole.Button, new() { Name = "签名并关账" }).ClickAsync();
        row = page.GetByTestId("periods").Locator("tbody tr", new() { HasText = label });
        (await row.InnerTextAsync()).Should().Contain("已关账");
        await row.GetByRole(AriaRole.Button, new() { Name = "复算" }).ClickAsync();
        (await page.GetByTestId("reproduction").InnerTextAsync()).Should().Contain("复算结果完全一致");

        await page.GotoAsync("/Performance/Periods");
        await page.GetByTestId("periods").Locator("tbody tr", new() { HasText = label }).GetByRole(AriaRole.Link, new() { Name = "考核结果" }).ClickAsync();
        var results = await page.GetByTestId("results").InnerTextAsync();
        results.Should().Contain("PROD-DEFECT-RATE").And.Contain("奖金系数");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        download.SuggestedFilename.Should().Be($"kpi-results-{label}.xlsx");
        await Shots.TakeAsync(page, "kpi-results-zh");
    }

    [Fact]
    public async Task A_welder_reads_their_own_kpis_and_the_records_behind_one_on_a_phone()
    {
        var phone = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await BrowserApp.LoginAsync(phone, "employee");
        await phone.GotoAsync("/Performance/My");
        var cards = phone.GetByTestId("my-kpis");
        (await cards.InnerTextAsync()).Should().Contain("员工返工率");
        (await phone.GetByTestId("my-goals").InnerTextAsync()).Should().Contain("焊工工艺达标率 100%", "the welding workshop's template gave every welder this goal");
        await phone.Locator("[data-chart] svg").First.WaitForAsync();
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth")).Should().BeLessThanOrEqualTo(1, "the cards fit a phone");
        await Shots.TakeAsync(phone, "kpi-my-phone-zh");
        await cards.Locator(".card", new() { HasText = "员工返工率" }).Locator("a.fs-3").ClickAsync();
        (await phone.GetByTestId("records").InnerTextAsync()).Should().Contain("产量记录");
        (await phone.GetByTestId("sums").InnerTextAsync()).Should().Contain((await phone.GetByTestId("fraction").InnerTextAsync()).Split('/')[0].Trim(), "the records add up to the score");
    }

    [Fact]
    public async Task Production_disputes_a_defects_cause_and_qa_upholds_it_from_the_inbox()
    {
        var production = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(production, "production");
        await production.GotoAsync("/Quality/Attribution");
        await production.GetByTestId("attribution").Locator("tbody tr a").First.ClickAsync();
        var defectUrl = production.Url;
        var claimed = (await production.Locator("#disputeCause option:checked").InnerTextAsync()).Trim();
        await production.Locator("#disputeReason").FillAsync("当班设备电流波动，停机记录 EQ-DT-0412");
        await production.GetByRole(AriaRole.Button, new() { Name = "提出异议" }).ClickAsync();
        (await production.GetByTestId("open-task").InnerTextAsync()).Should().Contain("质量裁定");

        var qa = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(qa, "qa");
        await qa.GotoAsync("/Workflow/Tasks");
        await qa.GetByTestId("my-tasks").Locator("a", new() { HasText = "缺陷归因异议" }).First.ClickAsync();
        var task = qa.GetByTestId("open-task");
        await task.Locator("select[name='Form[evidenceKind]']").SelectOptionAsync("document");
        await task.Locator("input[name='Form[evidenceRef]']").FillAsync("EQ-DT-0412");
        await task.Locator("textarea[name='Form[decision]']").FillAsync("停机记录属实，改判");
        await task.Locator("button[name=outcome][value=approve]").ClickAsync();
        await qa.GotoAsync(defectUrl);
        (await qa.GetByTestId("current").InnerTextAsync()).Should().Contain(claimed, "the claimed cause is now the defect's");
        (await qa.GetByTestId("history").InnerTextAsync()).Should().Contain("EQ-DT-0412").And.Contain("停机记录属实，改判");
        (await qa.GetByTestId("disputes").InnerTextAsync()).Should().Contain("已完成");
    }
}
