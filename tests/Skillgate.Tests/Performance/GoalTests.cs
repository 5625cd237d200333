using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Performance;

/// <summary>The goal cascade on generated data: company → departments → people, rolled up by weight, against a hand-written SQL computation.</summary>
public sealed class GoalTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task The_roll_up_of_three_levels_equals_a_hand_written_sql_computation_of_the_same_weights()
    {
        var a = await ActorsAsync("KG");
        var random = new Random(20);
        await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "KG-OP", name = "装配", orgUnitId = a.Org.Plant });
        var people = new List<(string No, Guid Id, string Workshop)>();
        foreach (var (workshop, unit, position) in new[] { ("KG-WA", a.Org.WorkshopA, a.Org.PositionA), ("KG-WB", a.Org.WorkshopB, a.Org.PositionB) })
        {
            for (var i = 0; i < 7; i++)
            {
                var no = $"{workshop}-{i:00}";
                people.Add((no, await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = no, name = "员工" + no, phone = (string?)null, email = (string?)null, orgUnitId = unit, positionId = position, managerId = (Guid?)null, shiftGroupId = (Guid?)null, hireDate = "2022-01-01" }), workshop));
            }
        }

        // One person in each workshop produces nothing in July: their goal has no data and is left out of the roll-up.
        var counts = people.Where((_, i) => i % 7 != 6).Select(p =>
        {
            var produced = random.Next(500, 2000);
            return new CountInput($"KG-C-{p.No}", $"KG-B-{p.Workshop}", "支架", p.Workshop, "KG-OP", p.No, new DateOnly(2026, 7, 8), produced, random.Next(0, 90), null);
        }).ToArray();
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/counts", counts), HttpStatusCode.OK);
        var company = await DefineAsync(a.Hr, "KG-COMPANY", "company", null);
        var unitKpi = await DefineAsync(a.Hr, "KG-UNIT", "org_unit", "production");
        var personKpi = await DefineAsync(a.Hr, "KG-PERSON", "person", null);
        var july = await ReadAsync<KpiPeriodDto>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/periods", new KpiPeriodInput("month", new DateOnly(2026, 7, 1))), HttpStatusCode.OK);
        await ReadAsync<KpiComputeResult>(await a.Hr.PostAsync($"/api/v1/kpi/periods/{july.Id}/compute", null), HttpStatusCode.OK);

        var root = await GoalAsync(a.Hr, null, "返工率下降", company.Id, null, 2.5m, 1m);
        var deptA = await GoalAsync(a.Hr, root.Id, "焊接车间返工率", unitKpi.Id, a.Org.WorkshopA, Weight(random), Weight(random));
        var deptB = await GoalAsync(a.Hr, root.Id, "总装车间返工率", unitKpi.Id, a.Org.WorkshopB, Weight(random), Weight(random));

        // Workshop A's people get their goals from a template by position (one weight for all); workshop B's one by one, each weighed differently.
        var template = await ReadAsync<GoalTemplateDto>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/goal-templates",
            new GoalTemplateInput("KG-WELDERS", "焊工返工率", "Welder rework rate", personKpi.Id, "person", null, a.Org.PositionA, 3.0m, 2m)), HttpStatusCode.OK);
        var applied = await ReadAsync<ApplyTemplateResult>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/goals/{deptA.Id}/apply-template", new ApplyTemplateInput(template.Id)), HttpStatusCode.OK);
        applied.Created.Should().Be(8, "the seven generated welders and the test organisation's own");
        (await ReadAsync<ApplyTemplateResult>(await a.Hr.PostAsJsonAsync($"/api/v1/kpi/goals/{deptA.Id}/apply-template", new ApplyTemplateInput(template.Id)), HttpStatusCode.OK))
            .Should().Match<ApplyTemplateResult>(r => r.Created == 0 && r.AlreadyThere == 8, "applying again creates nothing twice");
        foreach (var person in people.Where(p => p.Workshop == "KG-WB"))
        {
            await GoalAsync(a.Hr, deptB.Id, "装配工返工率", personKpi.Id, person.Id, Math.Round((decimal)(random.NextDouble() * 4), 2), Weight(random));
        }

        var tree = await ReadAsync<GoalTree>(await a.Hr.GetAsync($"/api/v1/kpi/goals/{root.Id}"), HttpStatusCode.OK);
        tree.Nodes.Should().HaveCount(1 + 2 + 8 + 7);
        await using var ds = App.OpenDataSource();
        var expected = new Dictionary<Guid, decimal?>();
        await using (var cmd = ds.CreateCommand(HandWritten))
        {
            cmd.Parameters.AddWithValue("root", root.Id);
            cmd.Parameters.AddWithValue("period", july.Id);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                expected[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetDecimal(1);
            }
        }

        expected.Should().HaveCount(tree.Nodes.Count);
        tree.Nodes.ToDictionary(n => n.Id, n => n.Progress).Should().BeEquivalentTo(expected);
        tree.Nodes.Should().Contain(n => n.Progress == null && n.Status == "no_data", "the idle people have no data");
        tree.Nodes.Single(n => n.Id == root.Id).Progress.Should().NotBe(tree.Nodes.Single(n => n.Id == root.Id).Achievement, "the company's progress is its departments', not its own KPI");

        // Bad input and the wrong role change nothing.
        var before = await CountAsync("kpi.goal");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/kpi/goals", new GoalInput(Guid.NewGuid(), "", unitKpi.Id, null, null, null, null, 0m, new DateOnly(2026, 12, 31), new DateOnly(2026, 1, 1), null, "KG-NOBODY"))))
            .Should().BeEquivalentTo(["title", "weight", "dueOn", "subjectId", "parentId", "target", "ownerNo"]);
        await App.CreateUserAsync(a.Admin, "kghead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var head = await App.SignInAsync("kghead", Password);
        (await head.PostAsJsonAsync("/api/v1/kpi/goals", new GoalInput(root.Id, "x", unitKpi.Id, a.Org.WorkshopB, 1m, null, null, 1m, new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), null)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CodeAsync(await a.Hr.DeleteAsync($"/api/v1/kpi/goals/{deptA.Id}"), HttpStatusCode.Conflict)).Should().Be("goal_has_children");
        (await CountAsync("kpi.goal")).Should().Be(before);

        // A department head sees the company goal's progress as everyone does, but only their own department's people.
        var seen = await ReadAsync<GoalTree>(await head.GetAsync($"/api/v1/kpi/goals/{root.Id}"), HttpStatusCode.OK);
        seen.Nodes.Single(n => n.Id == root.Id).Progress.Should().Be(expected[root.Id]);
        seen.Nodes.Where(n => n.SubjectKind == "person").Should().HaveCount(7).And.OnlyContain(n => n.ParentId == deptB.Id);
        (await a.Hr.GetStringAsync($"/Performance/Goals/Tree?id={root.Id}")).Should().Contain("data-chart").And.Contain("焊接车间返工率");

        // "Down 5 % on July": the target follows from the baseline score.
        var relative = await ReadAsync<GoalNode>(await a.Hr.PostAsJsonAsync("/api/v1/kpi/goals",
            new GoalInput(null, "较七月下降 5%", company.Id, null, null, july.Id, -5m, 1m, new DateOnly(2026, 8, 1), new DateOnly(2026, 12, 31), null, "KG1001")), HttpStatusCode.OK);
        relative.Owner.Should().Be("张伟", "the owner was given by employee number, as the form does");
        var julyValue = tree.Nodes.Single(n => n.Id == root.Id).Value!.Value;
        relative.Target.Should().Be(Math.Round(julyValue * 0.95m, 4, MidpointRounding.AwayFromZero));
        relative.Baseline.Should().Be(julyValue);
    }

    private const string HandWritten =
        """
        WITH RECURSIVE tree AS (SELECT id, parent_id, 0 AS depth FROM kpi.goal WHERE id = @root
                                UNION ALL SELECT g.id, g.parent_id, tree.depth + 1 FROM kpi.goal g JOIN tree ON g.parent_id = tree.id),
        own AS (
            SELECT g.id, g.parent_id, g.weight, tree.depth,
                   (SELECT CASE WHEN s.value IS NULL THEN NULL WHEN s.value <= g.target THEN 1 WHEN g.target <= 0 THEN 0 ELSE round(g.target / s.value, 4) END
                    FROM kpi.score s JOIN kpi.definition_version v ON v.id = s.definition_version_id
                    WHERE v.definition_id = g.definition_id AND s.subject_id = g.subject_id AND s.period_id = @period) AS achievement
            FROM kpi.goal g JOIN tree ON tree.id = g.id),
        people AS (SELECT id, parent_id, weight, achievement AS progress FROM own WHERE depth = 2),
        departments AS (
            SELECT d.id, d.parent_id, d.weight,
                   coalesce((SELECT round(sum(p.weight * p.progress) / sum(p.weight), 4) FROM people p WHERE p.parent_id = d.id AND p.progress IS NOT NULL), d.achievement) AS progress
            FROM own d WHERE d.depth = 1),
        company AS (
            SELECT c.id, coalesce((SELECT round(sum(d.weight * d.progress) / sum(d.weight), 4) FROM departments d WHERE d.progress IS NOT NULL), c.achievement) AS progress
            FROM own c WHERE c.depth = 0)
        SELECT id, progress FROM people UNION ALL SELECT id, progress FROM departments UNION ALL SELECT id, progress FROM company
        """;

    private static decimal Weight(Random random) => Math.Round((decimal)(0.5 + (random.NextDouble() * 4)), 2);

    private static async Task<KpiDefinitionDto> DefineAsync(HttpClient hr, string code, string level, string? function) =>
        await ReadAsync<KpiDefinitionDto>(await hr.PostAsJsonAsync("/api/v1/kpi/definitions", new KpiDefinitionInput(code,
            new KpiVersionInput("返工率 " + code, "Rework " + code, "rework_rate", "lower", "percent", "month", level, function, 3m, new DateOnly(2026, 1, 1), null))), HttpStatusCode.OK);

    private static async Task<GoalNode> GoalAsync(HttpClient hr, Guid? parent, string title, Guid kpi, Guid? subject, decimal target, decimal weight) =>
        await ReadAsync<GoalNode>(await hr.PostAsJsonAsync("/api/v1/kpi/goals",
            new GoalInput(parent, title, kpi, subject, target, null, null, weight, new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), null)), HttpStatusCode.OK);
}
