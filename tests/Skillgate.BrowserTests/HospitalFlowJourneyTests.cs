using System.Text.RegularExpressions;
using Dapper;
using FluentAssertions;
using Microsoft.Playwright;
using Npgsql;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>
/// The hospital flow on the demo hospital (issue 25), in Chinese and in English: surgery submitted a procedure update; the
/// quality-control office reviews it, signs, and releases the standard's new version (not its author); HR turns it into the
/// training plan; the nurse learns and passes the exam on her phone and is qualified; the office checks her with the
/// supervision checklist and records the result; surgery's chief closes the loop. Every page on the way says no
/// manufacturing word. Then the credits story and the need from a ward's rising check failures.
/// </summary>
[Collection(HospitalBrowserCollection.Name)]
public sealed class HospitalFlowJourneyTests(HospitalBrowserApp app)
{
    private static readonly string[] People = ["qcdirector", "hr", "qa", "chief", "employee", "nurse", "director"];

    public static TheoryData<string, string, string, string, string> Flows => new()
    {
        { "zh-CN", "手术安全核查表增加术前影像资料核对", "SSC-01", "SSC-CHK-01", "employee" },
        { "en", "外周静脉导管冲封管改用预充式导管冲洗器", "IVT-01", "IVT-CHK-01", "nurse" },
    };

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task A_procedure_update_goes_from_review_and_release_through_training_on_a_phone_to_the_compliance_check(
        string language, string update, string document, string checklist, string trainee)
    {
        var zh = language == "zh-CN";
        await SetLanguageAsync(language);

        var director = await PageAsync(language, "qcdirector");
        await OpenTaskAsync(director, update);
        var task = director.GetByTestId("open-task");
        await task.Locator("textarea[name='Form[review]']").FillAsync(zh ? "与制度修订一致，同意发布新版" : "Matches the revised rules; release the new version");
        await task.Locator("#password").FillAsync(Tests.Infrastructure.SkillgateFactory.DemoPassword);
        await task.Locator("button[name=outcome][value=approve]").ClickAsync();
        (await director.Locator("[role=status]").InnerTextAsync()).Should().Contain(zh ? "已保存" : "Saved");
        (await director.GetByTestId("open-task").InnerTextAsync()).Should().Contain(zh ? "人事处为受影响岗位生成培训计划" : "HR plans the training for the affected posts");
        await NoManufacturingWordAsync(director);
        await Shots.TakeAsync(director, $"hospital-review-{language}");

        await director.GotoAsync($"/Standards/Documents/Details?id={await SingleAsync<Guid>("SELECT id FROM standards.document WHERE code = @document", new { document })}");
        var release = director.GetByTestId("release-form");
        await release.Locator("#password").FillAsync(Tests.Infrastructure.SkillgateFactory.DemoPassword);
        await release.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(director.GetByTestId("current-version")).ToHaveTextAsync("v2.0");
        await NoManufacturingWordAsync(director);

        var hr = await PageAsync(language, "hr");
        await OpenTaskAsync(hr, update);
        await hr.GetByTestId("open-task").Locator("button[name=outcome][value=approve]").ClickAsync();
        (await hr.Locator("[role=status]").InnerTextAsync()).Should().Contain(zh ? "已保存" : "Saved");
        (await hr.GetByTestId("instance-plan").CountAsync()).Should().BeGreaterThan(0, "HR's step made the training plan");
        await NoManufacturingWordAsync(hr);

        var phone = await app.NewPageAsync(language, new ViewportSize { Width = 390, Height = 844 });
        phone.Dialog += (_, dialog) => dialog.AcceptAsync();
        await DemoBrowserApp.LoginAsync(phone, trainee);
        await phone.GotoAsync("/Learning/My");
        await phone.GetByTestId("my-courses").GetByRole(AriaRole.Link, new() { Name = zh ? "开始学习" : "Start" }).First.ClickAsync();
        while (await phone.GetByTestId("page-read").CountAsync() > 0)
        {
            await phone.GetByTestId("page-read").ClickAsync();
            await phone.WaitForLoadStateAsync();
        }

        await phone.GetByTestId("start-exam").ClickAsync();
        await phone.WaitForURLAsync(new Regex("/Learning/Exam"));
        var questions = phone.GetByTestId("question");
        (await questions.CountAsync()).Should().Be(8);
        await NoManufacturingWordAsync(phone);
        for (var i = 0; i < 8; i++)
        {
            var question = questions.Nth(i);
            var right = await RightOptionAsync(await question.Locator("legend").InnerTextAsync());
            await question.Locator("label", new() { HasTextString = right }).ClickAsync();
        }

        await phone.GetByTestId("submit-exam").ClickAsync();
        (await phone.GetByTestId("exam-result").InnerTextAsync()).Should().Contain(zh ? "通过" : "Passed");
        await Shots.TakeAsync(phone, $"hospital-exam-{language}");
        (await StatusAsync(trainee, document)).Should().Be("qualified", "passing the course on the new version qualifies her on it");

        await OpenTaskAsync(hr, update);
        await hr.GetByTestId("open-task").Locator("textarea[name='Form[summary]']").FillAsync(zh ? "受影响人员均已完成在线培训与考试" : "Everyone affected trained and passed the exam");
        await hr.GetByTestId("open-task").Locator("button[name=outcome][value=approve]").ClickAsync();
        (await hr.Locator("[role=status]").InnerTextAsync()).Should().Contain(zh ? "已保存" : "Saved");

        var qa = await PageAsync(language, "qa");
        var employeeNo = await SingleAsync<string>("SELECT e.employee_no FROM org.employee e JOIN auth.app_user u ON u.employee_id = e.id WHERE u.user_name = @trainee", new { trainee });
        await qa.GotoAsync($"/Quality/Checks/Perform?checklistId={await SingleAsync<Guid>("SELECT id FROM quality.checklist WHERE code = @checklist", new { checklist })}&employeeNo={employeeNo}");
        var items = await qa.Locator("input[type=radio][value=true]").CountAsync();
        for (var i = 0; i < items; i++)
        {
            await qa.Locator($"label[for=pass{i}y]").ClickAsync();
        }

        await NoManufacturingWordAsync(qa);
        await qa.Locator("form button[type=submit].w-100").ClickAsync();
        (await qa.Locator("[role=status]").InnerTextAsync()).Should().NotBeEmpty();
        await OpenTaskAsync(qa, update);
        await qa.GetByTestId("open-task").Locator("select[name='Form[result]']").SelectOptionAsync("pass");
        await qa.GetByTestId("open-task").Locator("button[name=outcome][value=approve]").ClickAsync();
        (await qa.Locator("[role=status]").InnerTextAsync()).Should().Contain(zh ? "已保存" : "Saved");

        var chief = await PageAsync(language, "chief");
        await OpenTaskAsync(chief, update);
        await chief.GetByTestId("open-task").Locator("button[name=outcome][value=approve]").ClickAsync();
        await Assertions.Expect(chief.GetByTestId("instance-status")).ToHaveTextAsync(zh ? "已完成" : "Completed");
        (await chief.GetByTestId("history").Locator("tbody tr").CountAsync()).Should().BeGreaterThanOrEqualTo(6, "every step of the update is on record");
        await NoManufacturingWordAsync(chief);
        await Shots.TakeAsync(chief, $"hospital-update-done-{language}");
    }

    [Fact]
    public async Task The_nurse_short_of_credits_is_shown_short_and_refused_until_hr_approves_her_conference_credit_and_a_failing_ward_has_its_need()
    {
        await SetLanguageAsync("zh-CN");
        var (employee, post, unit) = await NurseAsync();
        var hr = await PageAsync("zh-CN", "hr");
        // 18 approved this year, and 1 more once she has passed the checklist course of the flow above (its credit counts).
        var earned = 18 + await SingleAsync<int>(
            "SELECT count(*)::int FROM learning.course_completion c JOIN learning.course k ON k.id = c.course_id WHERE c.employee_id = @employee AND k.code = 'SSC-01-T'", new { employee });
        var shortfall = $"本年度已获 {earned} 学分，还差 {25 - earned} 学分";
        await hr.GotoAsync($"/Competence/Matrix?orgUnitId={unit}");
        (await hr.GetByTestId("matrix").InnerTextAsync()).Should().Contain(shortfall);
        await NoManufacturingWordAsync(hr);
        await Shots.TakeAsync(hr, "hospital-matrix-credits-zh");
        (await CreditShortfallAsync(hr, employee, post)).Should().Be(shortfall, "the gate refuses her on her post and names the shortfall");

        var phone = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        await DemoBrowserApp.LoginAsync(phone, "employee");
        await phone.GotoAsync("/Learning/Credits");
        (await phone.GetByTestId("credits-mine").InnerTextAsync()).Should().Contain("全国手术室护理学术年会");
        await NoManufacturingWordAsync(phone);

        await hr.GotoAsync("/Learning/Credits");
        await hr.GetByTestId("credits-waiting").Locator(".list-group-item", new() { HasText = "全国手术室护理学术年会" }).GetByTestId("credit-approve").ClickAsync();
        (await hr.Locator("[role=status]").InnerTextAsync()).Should().NotBeEmpty();
        (await CreditShortfallAsync(hr, employee, post)).Should().BeNull("the approved 10 credits make 28 of 25");
        await hr.GotoAsync($"/Competence/Matrix?orgUnitId={unit}");
        (await hr.GetByTestId("matrix").InnerTextAsync()).Should().NotContain(shortfall);

        await hr.GotoAsync("/Needs");
        await hr.GetByTestId("needs").Locator("tr", new() { HasText = "HOSP-MED-W2" }).Locator("a").First.ClickAsync();
        await hr.Locator("[data-chart] svg").First.WaitForAsync();
        (await hr.Locator("main").InnerTextAsync()).Should().Contain("静脉治疗操作督查").And.Contain("静脉治疗操作技能考核（实操）");
        await NoManufacturingWordAsync(hr);
        await Shots.TakeAsync(hr, "hospital-need-zh");
    }

    private async Task<IPage> PageAsync(string language, string user)
    {
        var page = await app.NewPageAsync(language);
        await DemoBrowserApp.LoginAsync(page, user);
        return page;
    }

    private static async Task OpenTaskAsync(IPage page, string update)
    {
        await page.GotoAsync("/Workflow/Tasks");
        await page.GetByTestId("my-tasks").Locator("a", new() { HasText = update }).First.ClickAsync();
        await page.GetByTestId("open-task").WaitForAsync();
    }

    private static async Task NoManufacturingWordAsync(IPage page) =>
        (await HospitalWords.OnPageAsync(page)).Should().BeEmpty($"{page.Url} is a hospital's page");

    private static async Task<string?> CreditShortfallAsync(IPage page, Guid employee, Guid post)
    {
        var response = await page.APIRequest.GetAsync($"/api/v1/qualification-check?employee={employee}&position={post}");
        var check = await response.JsonAsync();
        return check!.Value.GetProperty("unmet").EnumerateArray()
            .Select(u => u.TryGetProperty("shortfall", out var s) ? s.GetString() : null).FirstOrDefault(s => s is not null && s.Contains("学分", StringComparison.Ordinal));
    }

    private async Task SetLanguageAsync(string language)
    {
        await using var data = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var db = await data.OpenConnectionAsync();
        await db.ExecuteAsync("UPDATE auth.app_user SET language = @language WHERE user_name = ANY(@people)", new { language, people = People });
    }

    private Task<(Guid Employee, Guid Post, Guid Unit)> NurseAsync() => SingleAsync<(Guid, Guid, Guid)>(
        "SELECT e.id, e.position_id, e.org_unit_id FROM org.employee e JOIN auth.app_user u ON u.employee_id = e.id WHERE u.user_name = 'employee'", new { });

    private async Task<T> SingleAsync<T>(string sql, object args)
    {
        await using var data = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var db = await data.OpenConnectionAsync();
        return await db.QuerySingleAsync<T>(sql, args);
    }

    private async Task<string?> StatusAsync(string user, string document)
    {
        await using var data = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var db = await data.OpenConnectionAsync();
        return await db.QueryFirstOrDefaultAsync<string?>(
            """
            SELECT q.status FROM competence.qualification q JOIN competence.requirement r ON r.id = q.requirement_id JOIN standards.document d ON d.id = r.document_id
            JOIN auth.app_user u ON u.employee_id = q.employee_id
            WHERE u.user_name = @user AND d.code = @document AND r.kind = 'training' AND r.active ORDER BY q.status = 'qualified' LIMIT 1
            """, new { user, document });
    }

    /// <summary>The test reads the key from the database: the browser never receives it.</summary>
    private Task<string> RightOptionAsync(string legend) =>
        SingleAsync<string>("SELECT options[answer_key[1]::int + 1] FROM learning.question WHERE position(stem IN @legend) > 0", new { legend });
}
