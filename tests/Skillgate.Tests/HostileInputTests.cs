using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests;

/// <summary>
/// Walks the served OpenAPI document — endpoints added later included — and sends hostile values into every field of every
/// JSON body and every query parameter, one field at a time: the answer is never a 5xx, and an ordinary request that reads
/// the database succeeds after each operation (a failed statement must not leave a broken pooled connection behind).
/// </summary>
public sealed class HostileInputTests(SkillgateFactory app, ITestOutputHelper output) : IClassFixture<SkillgateFactory>
{
    private static readonly JsonNode?[] Corpus =
    [
        "\u0000",
        "a\u0000b",
        "\u0007\u001b[31m\u0008",
        "\uD800",
        "x\uDC00y",
        "\u202Eevil\u202C",
        "\u200B\u2066code\u2069",
        new string('长', 100_000),
        "' OR 1=1; DROP TABLE org.employee; --",
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
        "0001-01-01",
        "9999-12-31",
        "9999-12-31T23:59:59Z",
        12345,
        -1,
        2147483648L,
        1e308,
        true,
        new JsonObject(),
        new JsonArray(),
        null,
        "not-a-number",
    ];

    [Fact]
    public async Task No_hostile_value_in_any_field_of_any_operation_answers_5xx_or_breaks_the_pool()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]?["schemas"]?.AsObject();
        var failures = new List<string>();
        var operations = 0;
        var requests = 0;
        var seed = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is null)
                {
                    continue;
                }

                var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var query = parameters.Where(p => (string?)p["in"] == "query").ToList();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                if (query.Count == 0 && body is null)
                {
                    continue;
                }

                operations++;
                var url = FillPath(path, parameters);
                var baseline = body is null ? null : Sample(Resolve(body, schemas), schemas, 0);
                var fields = baseline is JsonObject o ? o.Select(p => p.Key).ToList() : [];
                foreach (var field in fields)
                {
                    foreach (var value in ValuesFor(seed++))
                    {
                        var changed = baseline!.DeepClone().AsObject();
                        changed[field] = value?.DeepClone();
                        requests++;
                        await SendAsync(admin, method, url, changed.ToJsonString(), failures, $"{field}={Describe(value)}");
                    }
                }

                if (body is not null)
                {
                    requests += 2;
                    await SendAsync(admin, method, url, "null", failures, "body=null");
                    await SendAsync(admin, method, url, "[1,\"\\u0000\"]", failures, "body=array");
                }

                foreach (var parameter in query)
                {
                    foreach (var value in ValuesFor(seed++).Where(v => v is JsonValue or null))
                    {
                        var text = value is null ? "" : value.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)value! : value.ToJsonString();
                        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
                        requests++;
                        await SendAsync(admin, method, $"{url}{separator}{Uri.EscapeDataString((string)parameter["name"]!)}={Uri.EscapeDataString(text)}",
                            baseline?.ToJsonString(), failures, $"?{parameter["name"]}={Describe(value)}");
                    }
                }

                var ordinary = await admin.GetAsync("/api/v1/employees?pageSize=1");
                if (ordinary.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"after {method.ToUpperInvariant()} {path}: an ordinary request answered {(int)ordinary.StatusCode}");
                }
            }
        }

        output.WriteLine($"{operations} operations, {requests} hostile requests, {failures.Count} failures");
        operations.Should().BeGreaterThan(100, "the walk must reach the API's operations");
        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task A_form_field_or_query_value_holding_NUL_is_refused_before_any_page_handler()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        var post = await SkillgateFactory.PostFormAsync(admin, "/Organization/OrgUnits", new() { ["Input.Code"] = "A\u0000B", ["Input.Name"] = "车间" });
        post.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await post.Content.ReadAsStringAsync())!;
        problem["errors"]!["form"]![0]!.GetValue<string>().Should().Contain("空字符");

        var query = await admin.GetAsync("/Organization/Employees?q=%00");
        query.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.GetAsync("/api/v1/employees?pageSize=1")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refused_API_request_is_titled_in_the_callers_language_as_its_fields_are()
    {
        foreach (var (culture, title) in new[] { ("zh-CN", "输入有误"), ("en", "Some fields are invalid") })
        {
            var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, culture);
            var org = await TestOrg.CreateAsync(admin, "L" + Guid.NewGuid().ToString("N")[..4]);
            var unit = await admin.PostAsJsonAsync("/api/v1/org-units", new { code = "WS\u000701", name = "车间", unitType = "team", parentId = org.WorkshopA });

            unit.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var problem = JsonNode.Parse(await unit.Content.ReadAsStringAsync())!;
            problem["title"]!.GetValue<string>().Should().Be(title, culture);
            problem["errors"]!["code"].Should().NotBeNull();
        }
    }

    [Fact]
    public async Task The_frameworks_bodiless_answers_are_titled_in_the_callers_language_too()
    {
        foreach (var (culture, notFound, method, unauthorized) in new[]
        {
            ("zh-CN", "记录不存在或不在您的数据范围内", "此地址不支持该请求方法", "请先登录或提供 API 密钥"),
            ("en", "Not found or outside your data scope", "This address does not take that method", "Sign in or give an API key first"),
        })
        {
            var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, culture);
            var anonymous = app.CreateClient();
            anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
            foreach (var (response, title) in new[]
            {
                (await admin.GetAsync("/api/v1/no-such-resource"), notFound),
                (await admin.DeleteAsync("/api/v1/employees"), method),
                (await anonymous.GetAsync("/api/v1/employees"), unauthorized),
            })
            {
                var body = await response.Content.ReadAsStringAsync();
                JsonNode.Parse(body)!["title"]!.GetValue<string>().Should().Be(title, $"{culture} {(int)response.StatusCode} {body}");
            }
        }
    }

    [Fact]
    public async Task A_NUL_after_megabytes_of_photos_in_a_JSON_body_is_found_and_named()
    {
        var kiosk = app.CreateClient();
        var json = "{\"checkIns\":[{\"photo\":\"" + new string('A', 6 * 1024 * 1024) + "\"},{\"badge\":\"E1\\u0000\"}]}";
        var response = await kiosk.PostAsync("/api/v1/kiosk/check-ins", new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["checkIns.badge"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_multipart_form_past_the_form_limits_is_a_400_not_a_crash()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nX-Long: " + new string('x', 20_000) + "\r\n\r\n%PDF\r\n--b--\r\n";
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        var response = await admin.PostAsync("/api/v1/files", content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["form"]![0]!.GetValue<string>().Should().Be("The request is malformed");
    }

    [Fact]
    public async Task Codes_refuse_control_characters_and_direction_marks_and_hire_dates_stay_sane()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "H" + Guid.NewGuid().ToString("N")[..4]);
        foreach (var code in new[] { "WS\u202E01", "WS\u000701", "WS\u200B01" })
        {
            var unit = await admin.PostAsJsonAsync("/api/v1/org-units", new { code, name = "车间", unitType = "team", parentId = org.WorkshopA });
            unit.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            JsonNode.Parse(await unit.Content.ReadAsStringAsync())!["errors"]!["code"].Should().NotBeNull();
        }

        foreach (var (hireDate, ok) in new[] { ("1899-12-31", false), ("2027-11-22", false), ("1900-01-01", true), ("2027-11-21", true) })
        {
            var hire = await admin.PostAsJsonAsync("/api/v1/employees", new { employeeNo = "D" + Guid.NewGuid().ToString("N")[..6], name = "王强", orgUnitId = org.WorkshopA, hireDate });
            hire.StatusCode.Should().Be(ok ? HttpStatusCode.Created : HttpStatusCode.BadRequest, hireDate);
        }

        var employee = await admin.PostAsJsonAsync("/api/v1/employees", new { employeeNo = "E\u202E" + Guid.NewGuid().ToString("N")[..6], name = "王强", orgUnitId = org.WorkshopA, hireDate = "2026-01-01" });
        JsonNode.Parse(await employee.Content.ReadAsStringAsync())!["errors"]!["employeeNo"].Should().NotBeNull();
    }

    private static IEnumerable<JsonNode?> ValuesFor(int seed)
    {
        yield return Corpus[0];
        for (var i = 1; i <= 3; i++)
        {
            yield return Corpus[1 + ((seed * 3) + i) % (Corpus.Length - 1)];
        }
    }

    private static async Task SendAsync(HttpClient client, string method, string url, string? json, List<string> failures, string what)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        if ((int)response.StatusCode >= 500)
        {
            var text = await response.Content.ReadAsStringAsync();
            failures.Add($"{method.ToUpperInvariant()} {url.Split('?')[0]} {what}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        }
    }

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 40 ? text[..20] + $"…({text.Length} chars)" : text;
    }

    private static string FillPath(string path, List<JsonNode> parameters)
    {
        foreach (var p in parameters.Where(p => (string?)p["in"] == "path"))
        {
            var name = (string)p["name"]!;
            var format = (string?)p["schema"]?["format"];
            var type = (string?)p["schema"]?["type"];
            var value = format == "uuid" ? Guid.NewGuid().ToString() : type is "integer" or "number" ? "1" : "x1";
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return path;
    }

    private static JsonNode Resolve(JsonNode schema, JsonObject? schemas)
    {
        for (var i = 0; i < 10 && schema["$ref"] is { } reference; i++)
        {
            schema = schemas![((string)reference!).Split('/')[^1]]!;
        }

        return schema;
    }

    /// <summary>A plausible value for a schema: the baseline every hostile value is put into, one field at a time.</summary>
    private static JsonNode? Sample(JsonNode schema, JsonObject? schemas, int depth)
    {
        schema = Resolve(schema, schemas);
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]?.DeepClone();
        }

        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            JsonValue single => (string?)single,
            _ => schema["properties"] is not null ? "object" : null,
        };
        var format = (string?)schema["format"];
        return type switch
        {
            "object" when depth < 3 => new JsonObject(schema["properties"]?.AsObject()
                .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, schemas, depth + 1))) ?? []),
            "array" when depth < 3 && schema["items"] is { } items => new JsonArray(Sample(items, schemas, depth + 1)),
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            "string" => format switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "date" => "2026-11-20",
                "date-time" => "2026-11-20T08:00:00Z",
                _ => "ok",
            },
            _ => null,
        };
    }
}
