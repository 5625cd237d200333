using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Npgsql;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.BrowserTests;

/// <summary>The demo welder learns WI-WELD-01 v2.0 on a phone, passes a randomly drawn exam and becomes qualified in the training matrix.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LearningJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task A_welder_sees_what_is_due_and_why_on_their_phone_home_passes_a_random_exam_and_is_qualified_on_the_SOP_version_in_the_matrix()
    {
        var (employeeId, employeeNo, unitId) = await DemoWelderAsync();
        (await WiWeldStatusAsync(employeeId)).Should().NotBe("qualified", "the demo welder starts without training on WI-WELD-01 v2.0");

        var phone = await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 });
        phone.Dialog += (_, dialog) => dialog.AcceptAsync();
        await BrowserApp.LoginAsync(phone, "employee");
        await HomeJourneyTests.WelderHomeAsync(phone);
        await phone.GotoAsync("/Learning/My");
        await Shots.TakeAsync(phone, "my-learning-phone");
        await phone.GetByTestId("my-courses").GetByRole(AriaRole.Link, new() { Name = "开始学习" }).ClickAsync();
        while (await phone.GetByTestId("page-read").CountAsync() > 0)
        {
            await phone.GetByTestId("page-read").ClickAsync();
            await phone.WaitForLoadStateAsync();
        }

        (await phone.GetByTestId("material-percent").InnerTextAsync()).Should().Be("100%");
        await phone.GetByTestId("start-exam").ClickAsync();
        await phone.WaitForURLAsync(new Regex("/Learning/Exam"));
        var questions = phone.GetByTestId("question");
        var count = await questions.CountAsync();
        count.Should().Be(8, "the paper draws 5 single-choice and 3 true/false questions");
        await Shots.TakeAsync(phone, "exam-phone");
        for (var i = 0; i < count; i++)
        {
            var question = questions.Nth(i);
            var legend = await question.Locator("legend").InnerTextAsync();
            var right = await RightOptionAsync(legend);
            await question.Locator("label", new() { HasTextString = right }).ClickAsync();
        }

        await phone.GetByTestId("submit-exam").ClickAsync();
        var result = await phone.GetByTestId("exam-result").InnerTextAsync();
        result.Should().Contain("通过").And.Contain("得分 100");
        await Shots.TakeAsync(phone, "exam-passed-phone");
        (await WiWeldStatusAsync(employeeId)).Should().Be("qualified");
        await phone.GetByTestId("exam-result").GetByRole(AriaRole.Link, new() { Name = "查看证书" }).ClickAsync();
        var number = await phone.GetByTestId("certificate-number").InnerTextAsync();
        (await phone.Locator("[data-testid=certificate] svg").CountAsync()).Should().Be(1, "the certificate carries a QR code");
        await phone.SetViewportSizeAsync(1000, 1200);
        await Shots.TakeAsync(phone, "certificate");
        await phone.GotoAsync($"/verify/{number}");
        (await phone.GetByTestId("verify-result").InnerTextAsync()).Should().Contain("证书真实").And.Contain("在有效期内");

        var qa = await app.NewPageAsync("zh-CN");
        await BrowserApp.LoginAsync(qa, "qa");
        await qa.GotoAsync($"/Competence/Matrix?orgUnitId={unitId}");
        var headers = await qa.GetByTestId("matrix").Locator("thead th").AllInnerTextsAsync();
        var column = headers.ToList().FindIndex(h => h.Contains("WI-WELD-01", StringComparison.Ordinal));
        column.Should().BePositive();
        headers[column].Should().Contain("v2.0", "the column is the current version of the work instruction");
        var row = qa.GetByTestId("matrix").Locator("tbody tr", new() { HasTextString = employeeNo });
        var cell = await row.Locator("td").Nth(column).InnerTextAsync();
        cell.Should().Be("合格");
    }

    [Fact]
    public async Task A_forged_certificate_number_is_not_found_on_the_public_verification_page()
    {
        var page = await app.NewPageAsync("en");
        await page.GotoAsync("/verify/SGC-2026-000001-FAKE");
        (await page.GetByTestId("verify-result").InnerTextAsync()).Should().Contain("Certificate not found");
    }

    private async Task<(Guid Id, string No, Guid Unit)> DemoWelderAsync()
    {
        await using var ds = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var cmd = ds.CreateCommand("SELECT e.id, e.employee_no, e.org_unit_id FROM auth.app_user u JOIN org.employee e ON e.id = u.employee_id WHERE u.user_name = 'employee'");
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2));
    }

    private async Task<string?> WiWeldStatusAsync(Guid employeeId)
    {
        await using var ds = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var cmd = ds.CreateCommand(
            """
            SELECT q.status FROM competence.qualification q JOIN competence.requirement r ON r.id = q.requirement_id JOIN standards.document d ON d.id = r.document_id
            WHERE q.employee_id = $1 AND d.code = 'WI-WELD-01' AND r.position_id IS NOT NULL
            """);
        cmd.Parameters.AddWithValue(employeeId);
        return (string?)await cmd.ExecuteScalarAsync();
    }

    /// <summary>The test reads the key from the database: the browser never receives it.</summary>
    private async Task<string> RightOptionAsync(string legend)
    {
        await using var ds = NpgsqlDataSource.Create(app.Factory.ConnectionString);
        await using var cmd = ds.CreateCommand("SELECT options[answer_key[1]::int + 1] FROM learning.question WHERE position(stem IN $1) > 0");
        cmd.Parameters.AddWithValue(legend);
        return (string)(await cmd.ExecuteScalarAsync() ?? throw new InvalidOperationException("unknown question: " + legend));
    }
}
