using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

public sealed class ImportTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_bad_row_changes_nothing_and_is_named_by_row_and_column()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        var org = await TestOrg.CreateAsync(admin, "IB");
        var before = await CountAsync("org.employee");
        var auditBefore = await CountAsync("audit.event");
        var file = Workbooks.Employees(
        [
            ["IB5001", "王芳", "13900000001", null, "IB-WA", "IB-WELDER", null, null, "2023-01-05"],
            ["IB5002", "刘洋", "13900000002", null, "NO-SUCH-UNIT", null, null, null, "2023-01-06"],
            ["IB5003", "陈静", "13900000003", null, "IB-WB", null, null, null, "2023-01-07"],
        ]);

        var job = await ImportAsync(admin, file, "people.xlsx");

        job.Status.Should().Be("failed");
        job.Errors.Should().ContainSingle();
        job.Errors[0].Sheet.Should().Be("员工");
        job.Errors[0].Row.Should().Be(3);
        job.Errors[0].Column.Should().Contain("组织编码");
        job.Errors[0].Message.Should().Contain("NO-SUCH-UNIT");
        (await CountAsync("org.employee")).Should().Be(before);
        (await CountAsync("audit.event")).Should().Be(auditBefore);
        _ = org;
    }

    [Fact]
    public async Task A_number_with_a_direction_mark_and_hire_dates_out_of_range_are_named_and_change_nothing()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        await TestOrg.CreateAsync(admin, "IH");
        var before = await CountAsync("org.employee");
        var file = Workbooks.Employees(
        [
            ["IH5001\u202E", "王芳", "13900000001", null, "IH-WA", null, null, null, "2023-01-05"],
            ["IH5002", "刘洋", "13900000002", null, "IH-WA", null, null, null, "1899-12-31"],
            ["IH5003", "陈静", "13900000003", null, "IH-WB", null, null, null, "2030-01-01"],
        ]);

        var job = await ImportAsync(admin, file, "people.xlsx");

        job.Status.Should().Be("failed");
        job.Errors.Select(e => (e.Row, e.Column.Contains("工号", StringComparison.Ordinal) ? "no" : e.Column.Contains("入职日期", StringComparison.Ordinal) ? "date" : e.Column))
            .Should().BeEquivalentTo([(2, "no"), (3, "date"), (4, "date")]);
        (await CountAsync("org.employee")).Should().Be(before);
    }

    [Fact]
    public async Task The_same_good_file_twice_creates_nobody_twice()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        await TestOrg.CreateAsync(admin, "IG");
        var file = Workbooks.Employees(
            [
                ["IG7001", "赵敏", "13700000001", "zhao@example.com", "IG-NEWTEAM", "IG-WELDER", null, null, "2022-02-01"],
                ["IG7002", "孙磊", "13700000002", null, "IG-NEWTEAM", null, "IG7001", null, "2022-02-02"],
            ],
            units: [["IG-NEWTEAM", "焊接三班", "team", "IG-WA", "production"]]);

        var first = await ImportAsync(admin, file, "people.xlsx");
        first.Status.Should().Be("succeeded", first.Message + string.Join("; ", first.Errors.Select(e => e.Message)));
        first.Created.Should().Be(3);
        var count = await CountAsync("org.employee");

        var second = await ImportAsync(admin, file, "people.xlsx");
        second.Status.Should().Be("succeeded");
        second.Created.Should().Be(0);
        second.Updated.Should().Be(0);
        (await CountAsync("org.employee")).Should().Be(count);

        var found = await admin.GetFromJsonAsync<ScopeTests.PageDto>("/api/v1/employees?q=IG700");
        found!.Total.Should().Be(2);
        (await CountAsync("org.employee_event WHERE kind = 'hire' AND employee_id IN (SELECT id FROM org.employee WHERE employee_no LIKE 'IG7%')")).Should().Be(2);
    }

    [Fact]
    public async Task A_moved_employee_gets_a_transfer_in_the_history()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "IT");
        var job = await ImportAsync(admin, Workbooks.Employees([["IT1001", "张伟", "13800000001", null, "IT-WB", null, null, null, "2020-03-01"]]), "move.xlsx");
        job.Status.Should().Be("succeeded", job.Message);
        job.Updated.Should().Be(1);
        var events = await admin.GetFromJsonAsync<List<EventDto>>($"/api/v1/employees/{org.EmployeeA}/events");
        events!.Select(e => e.Kind).Should().Equal("transfer", "hire");
    }

    [Fact]
    public async Task A_renamed_text_file_is_refused_cleanly()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var before = await CountAsync("org.import_job");
        using var content = new MultipartFormDataContent();
        var bytes = new ByteArrayContent("工号,姓名\nE1,张三\n"u8.ToArray());
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(bytes, "file", "people.xlsx");

        var response = await admin.PostAsync("/api/v1/imports", content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("file");
        (await CountAsync("org.import_job")).Should().Be(before);
    }

    [Fact]
    public async Task Template_downloads_with_headers_in_either_language()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        foreach (var (lang, header) in new[] { ("zh-CN", "工号"), ("en", "Employee no") })
        {
            var bytes = await admin.GetByteArrayAsync($"/api/v1/imports/template?lang={lang}");
            using var reader = Skillgate.Platform.Excel.XlsxReader.Open(new MemoryStream(bytes), Skillgate.Platform.Excel.XlsxLimits.Default, new Skillgate.Platform.Localization.Texts());
            reader.SheetNames.Should().HaveCount(4);
            reader.Rows(reader.SheetNames[2]).First().Cells.Values.Should().Contain(header);
        }
    }

    [Fact]
    public async Task Export_returns_the_filtered_list_as_xlsx()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "EX");
        var bytes = await admin.GetByteArrayAsync($"/api/v1/employees/export?orgUnitId={org.WorkshopA}");
        using var reader = Skillgate.Platform.Excel.XlsxReader.Open(new MemoryStream(bytes), Skillgate.Platform.Excel.XlsxLimits.Default, new Skillgate.Platform.Localization.Texts());
        var rows = reader.Rows(reader.SheetNames[0]).ToList();
        rows.Should().HaveCount(2);
        rows[1][0].Should().Be("EX1001");
    }

    [Fact]
    public async Task A_LibreOffice_sheet_with_a_merged_note_under_the_table_a_date_and_formulas_imports_with_a_warning()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        await TestOrg.CreateAsync(admin, "LO");
        string Text(string value) => $"""<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>""";
        var headers = string.Concat(Workbooks.EmployeeHeaders.Select(Text));
        // Row 2: the hire date is a date cell. Row 3: the phone is a text formula and the hire date a DATE() formula.
        var sheet = $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
              xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
              xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
              office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
             <office:automatic-styles>
              <number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
              <style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
             </office:automatic-styles>
             <office:body><office:spreadsheet>
              <table:table table:name="员工">
               <table:table-row>{{headers}}</table:table-row>
               <table:table-row>{{Text("LO5001")}}{{Text("王芳")}}{{Text("13900005001")}}<table:table-cell/>{{Text("LO-WA")}}{{Text("LO-WELDER")}}<table:table-cell/><table:table-cell/>
                <table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="2023-01-05"><text:p>2023-01-05</text:p></table:table-cell></table:table-row>
               <table:table-row>{{Text("LO5002")}}{{Text("刘洋")}}
                <table:table-cell table:formula="of:=&quot;1390000&quot;&amp;&quot;5002&quot;" office:value-type="string" office:string-value="13900005002"><text:p>13900005002</text:p></table:table-cell>
                <table:table-cell/>{{Text("LO-WB")}}<table:table-cell/><table:table-cell/><table:table-cell/>
                <table:table-cell table:style-name="ce1" table:formula="of:=DATE(2023;1;6)" office:value-type="date" office:date-value="2023-01-06"><text:p>2023-01-06</text:p></table:table-cell></table:table-row>
               <table:table-row><table:table-cell table:number-columns-repeated="9"/></table:table-row>
               <table:table-row><table:table-cell table:number-columns-spanned="9" office:value-type="string"><text:p>制表：人事部 王芳　审核：李强</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="8"/></table:table-row>
              </table:table>
             </office:spreadsheet></office:body>
            </office:document>
            """;
        var xlsx = await LibreOffice.ToXlsxAsync(sheet.TrimStart());
        var job = await ImportAsync(admin, xlsx, "人员名单.xlsx");

        job.Status.Should().Be("succeeded", string.Join("; ", job.Errors.Select(e => $"{e.Sheet} {e.Row} {e.Column} {e.Message}")));
        job.Created.Should().Be(2);
        job.Warnings.Should().ContainSingle().Which.Should().Match<ErrorDto>(w => w.Sheet == "员工" && w.Row == 5, "the merged note line is left out with a warning");
        var found = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/employees?q=LO500");
        var people = found.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("employeeNo").GetString()!);
        people["LO5001"].GetProperty("hireDate").GetString().Should().Be("2023-01-05");
        people["LO5002"].GetProperty("hireDate").GetString().Should().Be("2023-01-06", "a DATE() formula's date");
        people["LO5002"].GetProperty("phone").GetString().Should().Be("13900005002", "a text formula's value");

        var bad = await ImportAsync(admin, await LibreOffice.ToXlsxAsync(sheet.TrimStart().Replace("LO-WB", "NO-SUCH", StringComparison.Ordinal)), "人员名单.xlsx");
        bad.Errors.Should().ContainSingle().Which.Should().Match<ErrorDto>(e => e.Sheet == "员工" && e.Row == 3 && e.Column == "E (组织编码)",
            "an error names the file's sheet, the row, and the column's letter and header, once");
    }

    private async Task<JobDto> ImportAsync(HttpClient client, byte[] file, string name)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(file), "file", name);
        var response = await client.PostAsync("/api/v1/imports", content);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var job = (await response.Content.ReadFromJsonAsync<JobDto>())!;
        for (var i = 0; i < 600 && job.Status is "queued" or "running"; i++)
        {
            await Task.Delay(100);
            job = (await client.GetFromJsonAsync<JobDto>($"/api/v1/imports/{job.Id}"))!;
        }

        return job;
    }

    private async Task<long> CountAsync(string from)
    {
        await using var ds = app.OpenDataSource();
        await using var cmd = ds.CreateCommand($"SELECT count(*) FROM {from}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public sealed record ErrorDto(string Sheet, int Row, string Column, string Message);

    public sealed record JobDto(Guid Id, string Status, int Created, int Updated, List<ErrorDto> Errors, string? Message, List<ErrorDto> Warnings);

    public sealed record EventDto(string Kind);
}
