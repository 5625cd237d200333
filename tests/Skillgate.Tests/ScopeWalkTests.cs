using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Skillgate.Platform.Data;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests;

/// <summary>
/// Walks the served OpenAPI document — endpoints added later included — as a DepartmentHead of the welding workshop: every
/// GET (records by id, lists, exports, reports), asked about the assembly workshop's person, session and unit, answers 404
/// (or another 4xx) or an answer in which that person, their employee number and their session do not appear.
/// </summary>
public sealed class ScopeWalkTests(SkillgateFactory factory, ITestOutputHelper output) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Every_read_about_another_workshop_answers_404_or_leaves_its_people_and_sessions_out()
    {
        var a = await ActorsAsync("SW");
        var now = App.Clock.GetUtcNow();
        var course = await ClassroomCourseAsync(a, "SW-C1", null);
        var outsider = "外人" + Guid.NewGuid().ToString("N")[..6];
        var outsiderNo = "OUT" + Guid.NewGuid().ToString("N")[..6];
        var outsiderId = await IdOfAsync(await a.Admin.PostAsJsonAsync("/api/v1/employees", new { employeeNo = outsiderNo, name = outsider, orgUnitId = a.Org.WorkshopB, positionId = a.Org.PositionB, hireDate = "2022-01-01" }));
        var title = "总装专场" + Guid.NewGuid().ToString("N")[..6];
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, title, null, now, now.AddHours(2), 10, [], [outsiderId], null, a.Org.WorkshopB)), HttpStatusCode.Created);
        (await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/attendance", new MarkInput(outsiderId, "in", "忘带手机"))).EnsureSuccessStatusCode();
        await App.CreateUserAsync(a.Admin, "SWhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var head = await App.SignInAsync("SWhead", "Passw0rd!x", "zh-CN");
        (await a.Hr.GetStringAsync($"/api/v1/sessions/{session.Id}")).Should().Contain(outsider, "HR sees everyone: the markers are real");

        string[] markers = [outsider, outsiderNo, title, "SW-WB", "总装车间"];
        var ids = new[] { outsiderId, session.Id, a.Org.WorkshopB, a.Org.PositionB };
        var document = JsonNode.Parse(await head.GetStringAsync("/openapi/v1.json"))!;
        var failures = new List<string>();
        var requests = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["get"] is not { } operation || !path.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                continue;
            }

            var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
            var pathParams = parameters.Where(p => (string?)p["in"] == "path").ToList();
            var candidates = pathParams.Count == 0 ? [Guid.Empty] : ids;
            foreach (var id in candidates)
            {
                var url = path;
                foreach (var p in pathParams)
                {
                    var isUuid = (string?)p["schema"]?["format"] == "uuid";
                    url = url.Replace("{" + (string)p["name"]! + "}", isUuid ? id.ToString() : outsiderNo, StringComparison.Ordinal);
                }

                var query = string.Join('&', parameters.Where(p => (string?)p["in"] == "query")
                    .Select(p => (Name: (string)p["name"]!, Value: QueryValue((string)p["name"]!, p["schema"], id == Guid.Empty ? a.Org.WorkshopB : id, outsiderNo)))
                    .Where(q => q.Value is not null)
                    .Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}"));
                url = query.Length == 0 ? url : url + "?" + query;
                requests++;
                using var response = await head.GetAsync(url);
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add($"GET {url}: {status}");
                    continue;
                }

                if (status >= 300)
                {
                    continue;
                }

                var text = await ReadableTextAsync(response);
                foreach (var marker in markers.Where(m => text.Contains(m, StringComparison.Ordinal)))
                {
                    failures.Add($"GET {url}: {status} shows {marker}");
                }
            }
        }

        foreach (var page in new[] { "/Training/Sessions", $"/Training/Sessions/Details?id={session.Id}", $"/Training/Live?id={session.Id}", "/Training/Live", "/Organization/Employees", $"/Organization/Employees/Profile?id={outsiderId}", "/Competence/Matrix" })
        {
            requests++;
            using var response = await head.GetAsync(page);
            var html = (int)response.StatusCode < 300 ? await response.Content.ReadAsStringAsync() : "";
            failures.AddRange(markers.Where(m => html.Contains(m, StringComparison.Ordinal)).Select(m => $"page {page}: shows {m}"));
        }

        output.WriteLine($"{requests} requests as the welding workshop's head");
        requests.Should().BeGreaterThan(150);
        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task A_connection_without_a_scope_sees_no_people_and_a_pooled_connection_forgets_the_last_callers_scope()
    {
        var a = await ActorsAsync("SP");
        var dataSource = App.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var bare = await dataSource.OpenConnectionAsync())
        {
            await bare.ExecuteAsync("SET ROLE skillgate_app");
            (await bare.ExecuteScalarAsync<long>("SELECT count(*) FROM org.employee")).Should().Be(0, "no scope set is no one, not everyone");
            (await bare.ExecuteScalarAsync<long>("SELECT count(*) FROM training.participant")).Should().Be(0);
        }

        for (var i = 0; i < 3; i++)
        {
            using (SqlScope.AsSystem())
            {
                await using var scoped = await dataSource.OpenScopedAsync(CancellationToken.None);
                (await scoped.ExecuteScalarAsync<long>("SELECT count(*) FROM org.employee WHERE id = @id", new { id = a.Org.EmployeeB })).Should().Be(1);
            }

            await using var next = await dataSource.OpenConnectionAsync();
            var (role, all) = await next.QuerySingleAsync<(string, string?)>("SELECT session_user::text, current_setting('skillgate.scope_all', true)");
            role.Should().Be("skillgate_app", "the application signs in as its own role, which no reset can leave");
            (all ?? "").Should().BeEmpty("and forgets its scope");
        }
    }

    private static string? QueryValue(string name, JsonNode? schema, Guid id, string employeeNo)
    {
        var format = (string?)schema?["format"];
        var types = schema?["type"] is JsonArray list ? list.Select(t => (string?)t).ToList() : [(string?)schema?["type"]];
        return format switch
        {
            "uuid" => id.ToString(),
            "date" => name.StartsWith("to", StringComparison.OrdinalIgnoreCase) ? "2027-12-31" : "2020-01-01",
            "date-time" => name.StartsWith("to", StringComparison.OrdinalIgnoreCase) ? "2027-12-31T00:00:00Z" : "2020-01-01T00:00:00Z",
            _ when types.Contains("integer") => name.Contains("size", StringComparison.OrdinalIgnoreCase) ? "200" : null,
            _ when types.Contains("boolean") => "true",
            _ when types.Contains("string") && schema?["enum"] is JsonArray values && values.Count > 0 => (string?)values[0],
            _ when types.Contains("string") => name is "q" or "employee" or "search" ? employeeNo : null,
            _ => null,
        };
    }

    /// <summary>The text a person would read in the answer: JSON, CSV or HTML as it is, a workbook's cells from its XML parts.</summary>
    private static async Task<string> ReadableTextAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            var text = new StringBuilder();
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                text.Append(await reader.ReadToEndAsync());
            }

            return text.ToString();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }
}
