using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The gate reads the stored statuses once the day's daily pass has committed (migration 0052), and judges live before it.
/// A stored status the database is made to contradict shows which one answered; the agreement of the two over a generated
/// history is <see cref="TraceGateAgreementTests"/>'s.
/// </summary>
public sealed class GateStoredStatusesTests(SkillgateFactory factory) : CompetenceTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task After_the_daily_pass_the_gate_answers_from_the_stored_statuses_and_before_it_live()
    {
        var a = await ActorsAsync("GS");
        var sop = await CreateDocumentAsync(a, "SOP-GS", "点胶规程");
        await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        async Task<bool> QualifiedAsync() =>
            (await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/qualification-check?employee=GS1001&position={a.Org.PositionA}")).GetProperty("qualified").GetBoolean();

        var admin = await App.SignInAsync("admin", SkillgateFactory.AdminPassword);
        (await admin.PostAsync("/api/v1/jobs/qualification-daily", null)).EnsureSuccessStatusCode();
        await using var data = App.OpenDataSource();
        async Task SqlAsync(string sql)
        {
            await using var cmd = data.CreateCommand(sql);
            await cmd.ExecuteNonQueryAsync();
        }

        await using (var day = data.CreateCommand("SELECT day FROM competence.statuses_day"))
        {
            ((DateOnly)(await day.ExecuteScalarAsync())!).Should().Be(DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime), "the daily pass marks the day its statuses are for");
        }

        (await QualifiedAsync()).Should().BeFalse("the operator has not been trained");

        await SqlAsync("UPDATE competence.qualification q SET status = 'qualified' FROM org.employee e WHERE e.id = q.employee_id AND e.employee_no = 'GS1001'");
        (await QualifiedAsync()).Should().BeTrue("the stored status answers once the day's pass has run");

        await SqlAsync("UPDATE competence.statuses_day SET day = day - 1");
        (await QualifiedAsync()).Should().BeFalse("before the day's pass the gate judges live, and the operator has no training");
    }
}
