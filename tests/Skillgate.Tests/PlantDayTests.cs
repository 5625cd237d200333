using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// A defect counts on the local day of its line (ADR 0023): found at 07:30 in Suzhou is that day in the metrics, the control chart,
/// the needs trend and the export, whatever the server's zone and whatever offset the sender wrote the instant in.
/// </summary>
[Trait("Category", "PlantTime")]
public sealed class PlantDayTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_defect_found_at_0730_in_Shanghai_counts_on_that_local_day_everywhere_it_is_counted()
    {
        var a = await ActorsAsync("PD");
        (await a.Admin.PutAsJsonAsync($"/api/v1/org-units/{a.Org.Plant}/time-zone", new { timeZone = "Asia/Shanghai", version = 0 })).EnsureSuccessStatusCode();
        var line = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "PD-L1", name = "装配一线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        var counts = new[] { new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10) }
            .Select(d => new CountInput($"PD-C-{d:MMdd}", $"PD-B-{d:MMdd}", "支架", "PD-L1", null, null, d, 1_000, 0, null)).ToList();
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/counts", counts), HttpStatusCode.OK);

        // 07:30 on 10 March in Shanghai is 23:30 on 9 March in UTC; the sender may write it either way.
        var local = new DateTimeOffset(2026, 3, 10, 7, 30, 0, TimeSpan.FromHours(8));
        var defects = new[]
        {
            new DefectInput("PD-D1", "PD-B-0310", "PD-L1", null, "PD-BURR", 3, "man", null, null, local),
            new DefectInput("PD-D2", "PD-B-0310", "PD-L1", null, "PD-BURR", 2, "man", null, null, local.ToUniversalTime()),
        };
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/defects", defects), HttpStatusCode.OK);

        var query = "dimension=line&period=day&from=2026-03-09&to=2026-03-10&defectType=PD-BURR";
        var metrics = await ReadAsync<List<MetricRow>>(await a.Hr.GetAsync($"/api/v1/quality/metrics?{query}"), HttpStatusCode.OK);
        metrics.Where(m => m.GroupId == line).Select(m => (m.Period, m.Defects)).Should().BeEquivalentTo([(new DateOnly(2026, 3, 9), 0L), (new DateOnly(2026, 3, 10), 5L)]);
        var chart = await ReadAsync<List<ControlPoint>>(await a.Hr.GetAsync($"/api/v1/quality/metrics/chart?group={line}&{query}"), HttpStatusCode.OK);
        chart.Single(p => p.Period == new DateOnly(2026, 3, 10)).Defects.Should().Be(5);
        chart.Single(p => p.Period == new DateOnly(2026, 3, 9)).Defects.Should().Be(0);
        var sheet = ExcelSheet.Read(await a.Hr.GetByteArrayAsync($"/api/v1/quality/metrics/export?{query}"));
        sheet.Rows.Should().Contain(r => r[0] == "PD-L1 装配一线" && r[1] == "2026-03-10" && r[3] == "5");
        sheet.Rows.Should().NotContain(r => r[0] == "PD-L1 装配一线" && r[1] == "2026-03-09" && r[3] != "0");

        var signals = App.Services.GetRequiredService<IQualitySignals>();
        var series = await signals.DefectSeriesAsync(["PD-BURR"], "day", new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10), CancellationToken.None);
        series.Single(s => s.LineId == line).Points.Select(p => (p.Period, p.Defects)).Should().Equal((new DateOnly(2026, 3, 9), 0L), (new DateOnly(2026, 3, 10), 5L));

        var stored = await QueryAsync<(DateTime FoundOn, DateTime FoundAt)>("SELECT found_on::timestamp, found_at FROM quality.defect WHERE external_id = 'PD-D1'");
        stored.Single().FoundOn.Should().Be(new DateTime(2026, 3, 10));
        stored.Single().FoundAt.Should().Be(new DateTime(2026, 3, 9, 23, 30, 0, DateTimeKind.Utc));

        // The defect's page shows the time on the line's clock; the line is in the reader's zone, so the zone is not named.
        var id = (await QueryAsync<Guid>("SELECT id FROM quality.defect WHERE external_id = 'PD-D1'")).Single();
        var zh = await App.SignInAsync("PDhr", Password, "zh-CN");
        (await zh.GetStringAsync($"/Quality/Attribution/Defect?id={id}")).Should().Contain("发现于 2026-03-10 07:30<");
    }

    [Fact]
    public async Task A_files_local_times_are_the_wall_clock_of_each_rows_line()
    {
        var a = await ActorsAsync("PF");
        await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "PF-SH", name = "苏州线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        var berlin = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "PF-BE", name = "柏林线", unitType = "line", parentId = a.Org.WorkshopB, functions = new[] { "production" } });
        (await a.Admin.PutAsJsonAsync($"/api/v1/org-units/{a.Org.WorkshopA}/time-zone", new { timeZone = "Asia/Shanghai", version = 0 })).EnsureSuccessStatusCode();
        (await a.Admin.PutAsJsonAsync($"/api/v1/org-units/{berlin}/time-zone", new { timeZone = "Europe/Berlin", version = 0 })).EnsureSuccessStatusCode();

        // 29 March 2026: Berlin's clocks go from 02:00 to 03:00, so 02:30 did not happen there and is read as 03:00 (01:00 UTC).
        var csv = "externalId,batch,line,defectType,quantity,cause,发现时间\n" +
                  "PF-1,PF-B1,PF-SH,毛刺,1,man,2026-03-10 07:30\n" +
                  "PF-2,PF-B2,PF-BE,毛刺,1,man,2026-03-10 00:30\n" +
                  "PF-3,PF-B3,PF-BE,毛刺,1,man,2026-03-29 02:30\n";
        using (var file = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "defects.csv" } })
        {
            (await ReadAsync<IngestResult>(await a.Author.PostAsync("/api/v1/quality/files/defects", file), HttpStatusCode.OK)).Stored.Should().Be(3);
        }

        var rows = await QueryAsync<(string Id, DateTime FoundOn, DateTime FoundAt)>(
            "SELECT external_id, found_on::timestamp, found_at FROM quality.defect WHERE external_id LIKE 'PF-%' ORDER BY external_id");
        rows.Should().Equal(
            ("PF-1", new DateTime(2026, 3, 10), new DateTime(2026, 3, 9, 23, 30, 0, DateTimeKind.Utc)),
            ("PF-2", new DateTime(2026, 3, 10), new DateTime(2026, 3, 9, 23, 30, 0, DateTimeKind.Utc)),
            ("PF-3", new DateTime(2026, 3, 29), new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc)));

        // A Berlin line's defect, read by someone on the group's (Shanghai) clock: Berlin's wall clock, with its zone named.
        var id = (await QueryAsync<Guid>("SELECT id FROM quality.defect WHERE external_id = 'PF-2'")).Single();
        (await a.Hr.GetStringAsync($"/Quality/Attribution/Defect?id={id}")).Should().Contain("found 2026-03-10 00:30 (Europe/Berlin)");
    }

    [Fact]
    public async Task A_found_day_that_is_not_the_local_day_of_the_found_time_is_refused_in_the_users_language_and_nothing_is_stored()
    {
        var a = await ActorsAsync("PR");
        await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "PR-L1", name = "冲压线", unitType = "line", parentId = a.Org.WorkshopA, functions = new[] { "production" } });
        (await a.Admin.PutAsJsonAsync($"/api/v1/org-units/{a.Org.WorkshopA}/time-zone", new { timeZone = "Asia/Shanghai", version = 0 })).EnsureSuccessStatusCode();
        var at = new DateTimeOffset(2026, 3, 9, 23, 30, 0, TimeSpan.Zero);
        var items = new[]
        {
            new DefectInput("PR-OK", "PR-B", "PR-L1", null, "毛刺", 1, "man", null, new DateOnly(2026, 3, 10), at),
            new DefectInput("PR-UTC", "PR-B", "PR-L1", null, "毛刺", 1, "man", null, new DateOnly(2026, 3, 9), at),
            new DefectInput("PR-NONE", "PR-B", "PR-L1", null, "毛刺", 1, "man", null, null),
        };
        var zh = await App.SignInAsync("PRqa1", Password, "zh-CN");
        var response = await zh.PostAsJsonAsync("/api/v1/quality/defects", items);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        var errors = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["[1].foundOn", "[2].foundOn"]);
        errors.GetProperty("[1].foundOn")[0].GetString().Should().Contain("2026-03-10").And.Contain("Asia/Shanghai").And.Contain("当地日期");
        (await CountAsync("quality.defect WHERE external_id LIKE 'PR-%'")).Should().Be(0, "nothing is stored when one item is wrong");
    }

    private async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var data = App.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        return (await db.QueryAsync<T>(sql)).ToList();
    }
}
