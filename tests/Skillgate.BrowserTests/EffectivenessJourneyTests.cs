using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>
/// The welding story's second half on the demo plant: W2's welders passed the TIG practical in two waves, their cold-solder rate
/// fell, and QA's evaluation shows it against the workshop's untrained welders — in Chinese, in English and on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EffectivenessJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Qa_reads_the_W2_TIG_evaluation_in_Chinese_and_English_and_on_a_phone()
    {
        var page = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(page, "qa");
        await page.GotoAsync("/Effectiveness");
        var row = page.GetByTestId("evaluations").Locator("tbody tr", new() { HasText = "W2 焊工 TIG 实操认证" });
        (await row.InnerTextAsync()).Should().Contain("培训后明显降低");
        await row.Locator("a").First.ClickAsync();
        await page.Locator("[data-chart] svg").First.WaitForAsync();

        var verdict = await page.GetByTestId("verdict").InnerTextAsync();
        var said = SaysLower().Match(verdict);
        said.Success.Should().BeTrue($"the verdict states the fall with its interval and counts: {verdict}");
        var (fall, low, high) = (Number(said.Groups[2].Value), Number(said.Groups[3].Value), Number(said.Groups[4].Value));
        fall.Should().BeInRange(low, high, "the estimate lies in its interval");
        low.Should().BeGreaterThan(0, "the interval excludes no change");
        Number(said.Groups[5].Value).Should().BeGreaterThanOrEqualTo(10, "enough W2 welders were matched");
        Number(said.Groups[6].Value).Should().BeGreaterThanOrEqualTo(10, "enough untrained welders to compare with");
        said.Groups[1].Value.Should().Be("缺陷率");

        (await page.GetByTestId("comparisons").Locator("tbody tr").CountAsync()).Should().Be(5, "the default estimate, the plain two-way, the naive before/after, the placebo and the permutation test");
        (await page.GetByTestId("comparisons").InnerTextAsync()).Should().Contain("安慰剂").And.Contain("置换");
        (await page.GetByTestId("balance").InnerTextAsync()).Should().Contain("培训前");
        (await page.GetByTestId("event-study").Locator("tbody tr").CountAsync()).Should().BeGreaterThan(8, "periods before and after training");
        (await page.Locator("main").InnerTextAsync()).Should().Contain("同车间").And.Contain("W2 焊接线").And.NotMatchRegex(@"\b[a-z]+\.[a-z_]+\b", "no text key shows");
        await Shots.TakeAsync(page, "effectiveness-zh");
        var url = page.Url;

        // The same report in English through the language switch (qa's choice is stored, so it is switched back after).
        await page.GetByTestId("language-switch").GetByRole(AriaRole.Button).ClickAsync();
        try
        {
            await page.GetByTestId("verdict").Filter(new() { HasTextRegex = new Regex("points") }).WaitForAsync();
            await page.Locator("[data-chart] svg").First.WaitForAsync();
            (await page.GetByTestId("verdict").InnerTextAsync()).Should().MatchRegex(@"fell [\d.]+ points more than the comparison group's \(95% CI [\d.]+–[\d.]+; \d+ trained");
            var main = await page.Locator("main").InnerTextAsync();
            main.Should().Contain("in the same workshops").And.NotContain("培训组").And.NotContain("置信区间").And.NotContain("同车间").And.NotMatchRegex(@"\b[a-z]+\.[a-z_]+\b", "no text key shows");
            await Shots.TakeAsync(page, "effectiveness-en");
        }
        finally
        {
            await page.GetByTestId("language-switch").GetByRole(AriaRole.Button).ClickAsync();
            await page.GetByTestId("verdict").Filter(new() { HasTextRegex = new Regex("个百分点") }).WaitForAsync();
        }

        var phone = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await BrowserApp.LoginAsync(phone, "qa");
        await phone.GotoAsync(url);
        await phone.Locator("[data-chart] svg").First.WaitForAsync();
        (await phone.GetByTestId("verdict").IsVisibleAsync()).Should().BeTrue();
        var wide = await phone.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('main *')].filter(e => e.scrollWidth > window.innerWidth + 1 && !e.closest('.table-responsive')).map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth)");
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth")).Should().BeLessThanOrEqualTo(
            1, $"the report fits a phone without sideways scrolling (tables scroll in their own frame); too wide: {string.Join(" | ", wide)}");
        await Shots.TakeAsync(phone, "effectiveness-phone-zh");
    }

    private static double Number(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"培训组(.+?)比对照组多下降 ([\d.]+) 个百分点（95% 置信区间 ([\d.]+)–([\d.]+)；培训 (\d+) 人，对照 (\d+) 人）")]
    private static partial Regex SaysLower();
}
