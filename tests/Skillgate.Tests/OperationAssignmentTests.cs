using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FluentAssertions;
using Skillgate.Platform.Contracts;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Who works an operation, and taking someone off it: what only the operation asked of them leaves their record, and the history says when.</summary>
[Trait("Category", "PlantTime")]
public sealed class OperationAssignmentTests(SkillgateFactory app) : CompetenceTestBase(app), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Taking_someone_off_an_operation_records_the_qualification_as_removed_so_a_later_trace_does_not_show_it_standing()
    {
        var a = await ActorsAsync("OA");
        var sop = await CreateDocumentAsync(a, "SOP-OA", "涂装工艺规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        var operation = await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "OA-PAINT", name = "涂装", orgUnitId = a.Org.WorkshopA });
        var requirement = await PostIdAsync(a.Hr, "/api/v1/requirements", new { operationId = operation, kind = "training", documentId = sop });
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v1, completedOn = "2026-11-01" })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync($"/api/v1/operations/{operation}/assignments", new { employeeId = a.Org.EmployeeA })).StatusCode.Should().Be(HttpStatusCode.OK);

        var list = await a.Hr.GetFromJsonAsync<Page<OperationAssignmentDto>>($"/api/v1/operations/{operation}/assignments");
        list!.Items.Should().ContainSingle().Which.EmployeeNo.Should().Be("OA1001");
        (await a.Hr.GetFromJsonAsync<Page<OperationAssignmentDto>>($"/api/v1/operations/{operation}/assignments?q=nobody"))!.Total.Should().Be(0);
        var zh = await App.SignInAsync("OAhr", Password, "zh-CN");
        var page = await zh.GetStringAsync($"/Competence/Operations/Assignments?operationId={operation}");
        page.Should().Contain("OA1001").And.Contain("在岗人员").And.Contain("撤下").And.Contain("data-confirm");
        (await StandingAsync(a.Org.EmployeeA, requirement)).Should().Be("qualified");

        (await a.Author.DeleteAsync($"/api/v1/operations/{operation}/assignments/{a.Org.EmployeeA}")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "QA may not take people off");
        await App.CreateUserAsync(a.Admin, "OAprodB", ["ProductionManager"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var otherWorkshop = await App.SignInAsync("OAprodB", Password);
        (await otherWorkshop.DeleteAsync($"/api/v1/operations/{operation}/assignments/{a.Org.EmployeeA}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "not a person of their scope");
        (await HistoryAsync(a.Org.EmployeeA, requirement)).Should().NotContain("removed");

        var ended = await SkillgateFactory.PostFormAsync(a.Hr, $"/Competence/Operations/Assignments?handler=End&operationId={operation}",
            new() { ["employeeId"] = a.Org.EmployeeA.ToString() }, $"/Competence/Operations/Assignments?operationId={operation}");
        ended.StatusCode.Should().Be(HttpStatusCode.Redirect, await ended.Content.ReadAsStringAsync());
        (await a.Hr.GetFromJsonAsync<Page<OperationAssignmentDto>>($"/api/v1/operations/{operation}/assignments"))!.Items.Should().BeEmpty();
        (await HistoryAsync(a.Org.EmployeeA, requirement)).Should().EndWith("removed", "the pair leaves the history as removed, not at its last status");
        (await StandingAsync(a.Org.EmployeeA, requirement)).Should().BeNull("a trace after the end does not show the qualification standing");
        (await a.Hr.GetFromJsonAsync<List<JsonElement>>($"/api/v1/employees/{a.Org.EmployeeA}/qualifications"))!
            .Should().NotContain(q => q.GetProperty("requirementId").GetGuid() == requirement);
        (await CountAsync($"audit.event WHERE entity_type = 'operation_assignment' AND action = 'updated' AND after->>'employee_id' = '{a.Org.EmployeeA}'")).Should().Be(1);

        var history = await HistoryAsync(a.Org.EmployeeA, requirement);
        var again = await a.Hr.DeleteAsync($"/api/v1/operations/{operation}/assignments/{a.Org.EmployeeA}");
        again.StatusCode.Should().Be(HttpStatusCode.NotFound, "nobody to take off");
        (await HistoryAsync(a.Org.EmployeeA, requirement)).Should().Equal(history, "a refused end changes nothing");
        (await zh.GetStringAsync($"/Competence/Operations/Assignments?operationId={operation}")).Should().Contain("目前没有人");
    }

    private async Task<List<string>> HistoryAsync(Guid employee, Guid requirement)
    {
        await using var data = App.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        return (await db.QueryAsync<string>(
            "SELECT status FROM competence.qualification_history WHERE employee_id = @employee AND requirement_id = @requirement ORDER BY changed_at, id",
            new { employee, requirement })).ToList();
    }

    private async Task<string?> StandingAsync(Guid employee, Guid requirement)
    {
        await using var data = App.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        return await db.QueryFirstOrDefaultAsync<string>(
            """
            SELECT s.status FROM competence.standing_at((SELECT max(changed_at) FROM competence.qualification_history WHERE employee_id = @employee) + interval '1 second') s
            WHERE s.employee_id = @employee AND s.requirement_id = @requirement
            """, new { employee, requirement });
    }

    private async Task<long> CountAsync(string fromWhere)
    {
        await using var data = App.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        return await db.ExecuteScalarAsync<long>("SELECT count(*) FROM " + fromWhere);
    }
}
