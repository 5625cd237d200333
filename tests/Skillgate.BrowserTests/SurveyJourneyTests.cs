using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>
/// The demo's training survey as its people use it: the welder finds it on their phone's home page and answers it there; HR sees
/// the answer counted in the results and turns the most wanted training into a need.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task The_welder_answers_the_survey_on_the_phone_and_hr_makes_the_most_wanted_training_a_need()
    {
        var hr = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(hr, "hr");
        await hr.GotoAsync("/Needs/Surveys");
        await hr.GetByTestId("surveys").GetByRole(AriaRole.Link, new() { Name = "2027 年员工培训需求调研" }).ClickAsync();
        await hr.WaitForURLAsync("**/Needs/Surveys/Results**");
        var answered = await AnsweredAsync(hr);

        var phone = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await BrowserApp.LoginAsync(phone, "employee");
        await phone.GotoAsync("/");
        await phone.GetByTestId("tile-surveys").GetByRole(AriaRole.Link).First.ClickAsync();
        await phone.WaitForURLAsync("**/Needs/Surveys/Answer**");
        (await phone.Locator("main").InnerTextAsync()).Should().Contain("本问卷匿名");
        var questions = phone.GetByTestId("answer-question");
        await questions.Nth(0).GetByLabel("新设备操作").CheckAsync();
        await questions.Nth(1).GetByLabel("短视频").CheckAsync();
        await questions.Nth(2).Locator("label", new() { HasTextRegex = new Regex("^4$") }).ClickAsync();
        await questions.Nth(3).Locator("textarea").FillAsync("希望白班安排实操");
        (await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue("nothing runs off the phone's screen");
        await Shots.TakeAsync(phone, "survey-answer-phone-zh");
        await phone.GetByTestId("submit-survey").ClickAsync();
        await phone.GetByTestId("survey-done").WaitForAsync();
        (await phone.Locator("main").InnerTextAsync()).Should().Contain("谢谢");

        await hr.ReloadAsync();
        (await AnsweredAsync(hr)).Should().Be(answered + 1);
        await Shots.TakeAsync(hr, "survey-results-zh");
        var first = hr.GetByTestId("result-question").First;
        await first.Locator("summary").ClickAsync();
        await first.GetByTestId("to-need").GetByRole(AriaRole.Button).ClickAsync();
        await hr.WaitForURLAsync("**/Needs/Details**");
        (await hr.Locator("main").InnerTextAsync()).Should().Contain("新设备操作").And.Contain("员工需求调研");
    }

    private static async Task<int> AnsweredAsync(IPage hr)
    {
        var text = await hr.GetByTestId("survey-rate").Locator("xpath=..").InnerTextAsync();
        return int.Parse(Regex.Match(text, @"(\d+)/\d+ 人已填").Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
