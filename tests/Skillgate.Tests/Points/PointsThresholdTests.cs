using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Points;

/// <summary>
/// Points as a requirement of a post, judged by the qualification gate like any other: a promotion to team lead (≥ 500 points
/// in 12 months) with 480 is refused naming the 20-point shortfall, and goes through once the points are earned; points
/// spent in the store and points older than the window do not count.
/// </summary>
public sealed class PointsThresholdTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_promotion_to_team_lead_with_480_points_is_refused_naming_the_20_point_shortfall()
    {
        var a = await ActorsAsync("PT");
        var lead = await PostIdAsync(a.Admin, "/api/v1/positions", new { code = "PT-LEAD", name = "生产组长", orgUnitId = a.Org.WorkshopA });
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = lead, kind = "points", minPoints = 0, pointsMonths = 99, validityMonths = 12 })))
            .Should().BeEquivalentTo(["minPoints", "pointsMonths", "validityMonths"]);
        (await CountAsync($"competence.requirement WHERE position_id = '{lead}'")).Should().Be(0);
        var requirement = await ReadAsync<JsonElement>(await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = lead, kind = "points", minPoints = 500 }), HttpStatusCode.OK);
        requirement.GetProperty("label").GetString().Should().Be("≥ 500 points in 12 months");
        requirement.GetProperty("pointsMonths").GetInt32().Should().Be(12);

        // 480 earned now, 100 more 13 months ago (outside the window), and 60 spent in the store (spending does not lower what was earned).
        await using (var ds = App.OpenDataSource())
        {
            await using var old = ds.CreateCommand(
                $"""
                 INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, pay_key, occurred_at, day, reason, recorded_by)
                 VALUES (gen_random_uuid(), '{a.Org.EmployeeA}', '{a.Org.WorkshopA}', 100, 'skill_applied', 'growth', 'test', gen_random_uuid(), 'old:PT', '2025-10-01T08:00:00Z', '2025-10-01', '去年的技能应用', 'test')
                 """);
            await old.ExecuteNonQueryAsync();
        }

        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 480, "growth", "技能应用：焊接次品率下降"))).EnsureSuccessStatusCode();
        var card = await ReadAsync<StoreItemDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/store/items", new StoreItemInput("PT-CARD", "购物卡", "shopping_card", 60, 5, null, [], true)), HttpStatusCode.Created);
        var worker = await EmployeeUserAsync(a, "PTworker", a.Org.EmployeeA);
        (await worker.PostAsync($"/api/v1/points/store/items/{card.Id}/redemptions", null)).StatusCode.Should().Be(HttpStatusCode.Created);

        var refused = await PromoteAsync(a, lead);
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("not_qualified");
        problem.GetProperty("title").GetString().Should().Contain("≥ 500 points in 12 months").And.Contain("has 480 points, 20 short");
        var zh = await App.SignInAsync("PThr", Password, "zh-CN");
        var refusedZh = await PromoteAsync(a, lead, zh);
        (await refusedZh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Contain("近 12 个月积分 ≥ 500").And.Contain("还差 20 分");
        (await ReadAsync<JsonElement>(await a.Hr.GetAsync($"/api/v1/employees/{a.Org.EmployeeA}"), HttpStatusCode.OK)).GetProperty("positionId").GetGuid().Should().Be(a.Org.PositionA, "the refusal changed nothing");

        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 20, "results", "实操考核补录"))).EnsureSuccessStatusCode();
        (await PromoteAsync(a, lead)).StatusCode.Should().Be(HttpStatusCode.OK, "500 points in 12 months meet the requirement");
        (await ReadAsync<JsonElement>(await a.Hr.GetAsync($"/api/v1/employees/{a.Org.EmployeeA}"), HttpStatusCode.OK)).GetProperty("positionId").GetGuid().Should().Be(lead);
    }

    private static async Task<HttpResponseMessage> PromoteAsync(Actors a, Guid position, HttpClient? client = null)
    {
        var employee = await ReadAsync<JsonElement>(await a.Hr.GetAsync($"/api/v1/employees/{a.Org.EmployeeA}"), HttpStatusCode.OK);
        return await (client ?? a.Hr).PostAsJsonAsync($"/api/v1/employees/{a.Org.EmployeeA}/events",
            new { kind = "position_change", effectiveOn = "2026-11-21", toPositionId = position, version = employee.GetProperty("version").GetInt32() });
    }
}
