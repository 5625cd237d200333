using System.Net;
using FluentAssertions;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Points;

/// <summary>
/// The monthly board against an independent plain SQL ranking of that month's entries on 100,000 generated entries over
/// three months and two workshops, store entries among them; and the board's page in both languages.
/// </summary>
public sealed class PointsBoardTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task The_monthly_board_equals_a_plain_SQL_ranking_of_that_months_entries_on_100000_entries()
    {
        var a = await ActorsAsync("PB");
        for (var i = 0; i < 150; i++)
        {
            await PostIdAsync(a.Admin, "/api/v1/employees", new
            {
                employeeNo = $"PB{5000 + i}", name = $"员工{i}", orgUnitId = i % 2 == 0 ? a.Org.WorkshopA : a.Org.WorkshopB, positionId = i % 2 == 0 ? a.Org.PositionA : a.Org.PositionB,
                hireDate = "2022-01-01",
            });
        }

        await using (var ds = App.OpenDataSource())
        {
            await using var connection = await ds.OpenConnectionAsync();
            await using (var seed = connection.CreateCommand())
            {
                seed.CommandText = "SELECT setseed(0.21)";
                await seed.ExecuteNonQueryAsync();
            }

            await using var generate = connection.CreateCommand();
            generate.CommandText =
                """
                WITH people AS (SELECT array_agg(id ORDER BY employee_no) AS ids, array_agg(org_unit_id ORDER BY employee_no) AS units, count(*)::int AS n
                                FROM org.employee WHERE employee_no LIKE 'PB5%')
                INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, pay_key, occurred_at, day, reason, recorded_by)
                SELECT gen_random_uuid(), p.ids[s.k], p.units[s.k], s.points, 'class_hours', (ARRAY['participation', 'results', 'growth', 'store'])[1 + (s.g % 4)],
                       'generated', gen_random_uuid(), 'generated:' || s.g, s.d::timestamp AT TIME ZONE 'UTC', s.d, 'generated', 'test'
                FROM people p CROSS JOIN LATERAL (
                    SELECT g, 1 + floor(random() * p.n)::int AS k, (random() * 45)::int - 5 AS points, date '2026-10-01' + floor(random() * 92)::int AS d
                    FROM generate_series(1, 100000) g) s
                """;
            (await generate.ExecuteNonQueryAsync()).Should().Be(100_000);
        }

        foreach (var (unit, units) in new[] { (a.Org.Plant, new[] { a.Org.Plant, a.Org.WorkshopA, a.Org.WorkshopB }), (a.Org.WorkshopA, new[] { a.Org.WorkshopA }) })
        {
            foreach (var month in new[] { new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1) })
            {
                var expected = await PlainRankingAsync(units, month);
                var board = await ReadAsync<BoardDto>(await a.Hr.GetAsync($"/api/v1/points/boards?orgUnitId={unit}&month={month:yyyy-MM}&top=500"), HttpStatusCode.OK);
                board.Top.Select(r => (r.EmployeeId, r.Points, r.Rank)).Should().BeEquivalentTo(expected, $"the board of {month:yyyy-MM} ranks that month's entries only");
                board.Top.Select(r => r.Points).Should().BeInDescendingOrder();
                board.Top.Should().OnlyContain(r => r.Participation + r.Results + r.Growth == r.Points, "store entries do not count");
                board.People.Should().Be(expected.Count);
                board.Points.Should().Be(expected.Sum(e => e.Total));
                board.Shares.Sum(s => s.Points).Should().Be(board.Points);
                var top10 = await ReadAsync<BoardDto>(await a.Hr.GetAsync($"/api/v1/points/boards?orgUnitId={unit}&month={month:yyyy-MM}"), HttpStatusCode.OK);
                top10.Top.Should().HaveCount(10).And.Equal(board.Top.Take(10));
            }
        }

        // The dashboard reads the same entries: participation rate, categories by month and by workshop, and the export.
        var dashboard = await ReadAsync<PointsDashboardDto>(await a.Hr.GetAsync($"/api/v1/points/dashboard?orgUnitId={a.Org.Plant}&month=2026-11"), HttpStatusCode.OK);
        dashboard.People.Should().Be(152, "150 generated people and the two of the test plant are active");
        dashboard.Months.Select(m => m.Month).Should().Equal("2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11");
        foreach (var m in dashboard.Months)
        {
            var (participating, participation, results, growth) = await MonthByHandAsync(m.Month, [a.Org.Plant, a.Org.WorkshopA, a.Org.WorkshopB]);
            m.Should().Be(new MonthPoints(m.Month, participating, participation, results, growth));
        }

        dashboard.Units.Select(u => u.OrgUnitId).Should().BeEquivalentTo([a.Org.WorkshopA, a.Org.WorkshopB]);
        var workshopA = await MonthByHandAsync("2026-11", [a.Org.WorkshopA]);
        dashboard.Units.Single(u => u.OrgUnitId == a.Org.WorkshopA).Should().Be(new UnitPoints(a.Org.WorkshopA, "焊接车间", workshopA.Participation, workshopA.Results, workshopA.Growth));
        var export = await a.Hr.GetAsync($"/api/v1/points/dashboard/export?orgUnitId={a.Org.Plant}&month=2026-11");
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        var sheet = ExcelSheet.Read(await export.Content.ReadAsByteArrayAsync());
        var november = await PlainRankingAsync([a.Org.Plant, a.Org.WorkshopA, a.Org.WorkshopB], new DateOnly(2026, 11, 1));
        sheet.Rows.Should().HaveCount(november.Count, "the export holds the whole ranking, not the top 10");
        sheet.Rows[0][0].Should().Be("1");
        sheet.Rows[0][6].Should().Be(november.Max(r => r.Total).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var worker = await EmployeeUserAsync(a, "PBworker", a.Org.EmployeeA);
        (await worker.GetAsync("/api/v1/points/dashboard")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await App.CreateUserAsync(a.Admin, "PBhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB])).Should().NotBeEmpty();
        var head = await App.SignInAsync("PBhead", Password);
        (await head.GetAsync($"/api/v1/points/dashboard?orgUnitId={a.Org.WorkshopA}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "workshop A lies outside the head's scope");
        (await ReadAsync<PointsDashboardDto>(await head.GetAsync("/api/v1/points/dashboard"), HttpStatusCode.OK)).OrgUnitId.Should().Be(a.Org.WorkshopB);

        var zh = await App.SignInAsync("PBhr", Password, "zh-CN");
        (await zh.GetStringAsync($"/Points/Boards/Dashboard?unit={a.Org.Plant}&month=2026-11")).Should().Contain("积分看板").And.Contain("参与率").And.Contain("导出 Excel");
        var page = await zh.GetStringAsync($"/Points/Boards?unit={a.Org.WorkshopA}&month=2026-11");
        page.Should().Contain("积分排行榜").And.Contain("2026-11 积分榜").And.Contain("成长分").And.Contain("data-chart");
        var en = await a.Hr.GetStringAsync($"/Points/Boards?unit={a.Org.WorkshopA}&month=2026-09");
        en.Should().Contain("Leaderboards").And.Contain("Nobody in this unit has earned points this month yet.");
    }

    private async Task<(int Participating, int Participation, int Results, int Growth)> MonthByHandAsync(string month, Guid[] units)
    {
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand(
            """
            SELECT count(*) FILTER (WHERE participation > 0), coalesce(sum(participation), 0), coalesce(sum(results), 0), coalesce(sum(growth), 0)
            FROM (SELECT employee_id, sum(points) FILTER (WHERE category = 'participation') AS participation,
                         sum(points) FILTER (WHERE category = 'results') AS results, sum(points) FILTER (WHERE category = 'growth') AS growth
                  FROM points.entry WHERE day >= @from AND day < @to AND org_unit_id = ANY (@units) GROUP BY employee_id) p
            """);
        cmd.Parameters.AddWithValue("from", first);
        cmd.Parameters.AddWithValue("to", first.AddMonths(1));
        cmd.Parameters.AddWithValue("units", units);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
    }

    private async Task<List<(Guid EmployeeId, int Total, int Rank)>> PlainRankingAsync(Guid[] units, DateOnly month)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand(
            """
            SELECT employee_id, sum(points)::int, rank() OVER (ORDER BY sum(points) DESC)::int
            FROM points.entry
            WHERE day >= @from AND day < @to AND category IN ('participation', 'results', 'growth') AND org_unit_id = ANY (@units)
            GROUP BY employee_id
            """);
        cmd.Parameters.AddWithValue("from", month);
        cmd.Parameters.AddWithValue("to", month.AddMonths(1));
        cmd.Parameters.AddWithValue("units", units);
        var rows = new List<(Guid, int, int)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return rows;
    }
}
