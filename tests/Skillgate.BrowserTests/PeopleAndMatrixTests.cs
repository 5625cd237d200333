using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>HR chooses people by unit and training gap instead of typing numbers; the matrix pages, explains itself and fits a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PeopleAndMatrixTests(BrowserApp app)
{
    [Fact]
    public async Task Hr_picks_the_w1_welders_with_a_gap_the_course_closes_and_assigns_the_course_to_them()
    {
        var page = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(page, "hr");
        await page.GotoAsync("/Learning/Courses?q=WI-WELD-01-T");
        await page.GetByTestId("courses").Locator("a").First.ClickAsync();
        var picker = page.Locator("[data-people-picker]");
        await picker.Locator("summary").ClickAsync();
        await picker.Locator("[data-picker-unit] option", new() { HasTextString = "W1 焊接线" }).WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await picker.Locator("[data-picker-unit]").SelectOptionAsync(new SelectOptionValue { Label = (await picker.Locator("[data-picker-unit] option", new() { HasTextString = "W1 焊接线" }).First.TextContentAsync())! });
        await picker.Locator("[data-picker-find]").ClickAsync();
        var found = picker.Locator("[data-picker-results] .form-check");
        await found.First.WaitForAsync();
        (await found.CountAsync()).Should().BeGreaterThan(0);
        (await picker.Locator("[data-picker-results]").InnerTextAsync()).Should().Contain("有缺口", "only people with a gap the course closes are offered");
        await picker.Locator("[data-picker-add]").ClickAsync();
        var numbers = await page.Locator("#employeeNos").InputValueAsync();
        numbers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(await found.CountAsync());

        await page.Locator("form:has(#employeeNos) button[type=submit]").Last.ClickAsync();
        await page.Locator("[data-testid=flash], .alert-success").First.WaitForAsync();
        (await page.Locator("[data-testid=errors]").CountAsync()).Should().Be(0);

        // A new session: the picker takes the course chosen in the form.
        await page.GotoAsync("/Training/Sessions");
        var sessionPicker = page.GetByTestId("session-form").Locator("[data-people-picker]");
        await sessionPicker.Locator("summary").ClickAsync();
        await sessionPicker.Locator("[data-picker-gap]").UncheckAsync();
        await sessionPicker.Locator("[data-picker-q]").FillAsync("E1000");
        await sessionPicker.Locator("[data-picker-find]").ClickAsync();
        await sessionPicker.Locator("[data-picker-results] .form-check").First.WaitForAsync();
        await sessionPicker.Locator("[data-picker-add]").ClickAsync();
        (await page.GetByTestId("session-form").Locator("#employeeNos").InputValueAsync()).Should().Contain("E10001");
    }

    [Fact]
    public async Task The_matrix_shows_a_legend_coverage_and_a_heat_map_and_one_card_per_person_on_a_phone()
    {
        var page = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await BrowserApp.LoginAsync(page, "qa");
        await page.GotoAsync("/Competence/Matrix");
        (await page.GetByTestId("matrix-legend").InnerTextAsync()).Should().Contain("需再培训");
        (await page.GetByTestId("matrix").IsVisibleAsync()).Should().BeFalse("a phone shows cards, not the wide table");
        (await page.GetByTestId("matrix-cards").Locator(".card").CountAsync()).Should().BeGreaterThan(0);
        (await page.GetByTestId("unit-coverage").InnerTextAsync()).Should().MatchRegex(@"\d+%");
        await page.Locator("[data-chart] canvas, [data-chart] svg").First.WaitForAsync();
        await Shots.TakeAsync(page, "matrix-phone-zh");
    }
}
