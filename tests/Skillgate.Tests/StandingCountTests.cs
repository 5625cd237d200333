using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// HR's coverage and QA's retraining read the per-unit, per-requirement counts the database's triggers keep
/// (<c>competence.standing_count_v</c>: the counts and the changes a job has not folded in yet) instead of every person × requirement pair. After each kind of change that moves a pair —
/// a requirement added, training recorded, a person transferred, leaving and rehired, a major revision, days passing into
/// expiry, a requirement retired — the counts equal the pairs counted afresh.
/// </summary>
public sealed class StandingCountTests(SkillgateFactory factory) : CompetenceTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task The_unit_counts_follow_every_change_of_the_pairs_they_count()
    {
        var a = await ActorsAsync("US");
        await AgreeAsync("at the start");

        var sop = await CreateDocumentAsync(a, "US-SOP", "焊接安全规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        var welders = await PostIdAsync(a.Hr, "/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop, validityMonths = 12 });
        await PostIdAsync(a.Hr, "/api/v1/requirements", new { positionId = a.Org.PositionB, kind = "training", documentId = sop });
        (await CountAsync("SELECT coalesce(sum(pairs), 0) FROM competence.standing_count_v WHERE status = 'not_trained'")).Should().BeGreaterThanOrEqualTo(2);
        await AgreeAsync("after two requirements");

        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v1, completedOn = "2026-11-21" })).EnsureSuccessStatusCode();
        await AgreeAsync("after training");

        await EventAsync(a, a.Org.EmployeeA, new { kind = "transfer", effectiveOn = "2026-11-21", toOrgUnitId = a.Org.WorkshopB });
        await AgreeAsync("after a transfer");

        await EventAsync(a, a.Org.EmployeeB, new { kind = "exit", effectiveOn = "2026-11-21" });
        await AgreeAsync("after leaving");
        await EventAsync(a, a.Org.EmployeeB, new { kind = "rehire", effectiveOn = "2026-11-22" });
        await AgreeAsync("after a rehire");

        await ReleaseVersionAsync(a, sop, "major");
        await AgreeAsync("after a major revision");

        App.Clock.Advance(TimeSpan.FromDays(340));
        var admin = await App.SignInAsync("admin", SkillgateFactory.AdminPassword);
        (await admin.PostAsync("/api/v1/jobs/qualification-daily", null)).EnsureSuccessStatusCode();
        await AgreeAsync("after the daily job, days later");

        var hr = await App.SignInAsync("UShr", Password);
        (await hr.DeleteAsync($"/api/v1/requirements/{welders}")).EnsureSuccessStatusCode();
        await AgreeAsync("after a requirement is retired");
    }

    private async Task EventAsync(Actors a, Guid employee, object change)
    {
        var version = (await a.Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/employees/{employee}")).GetProperty("version").GetInt32();
        var body = System.Text.Json.JsonSerializer.SerializeToNode(change)!.AsObject();
        body["version"] = version;
        (await a.Admin.PostAsJsonAsync($"/api/v1/employees/{employee}/events", body)).EnsureSuccessStatusCode();
    }

    /// <summary>What readers read (the counts with the changes not yet folded) agrees; once folded, the counts alone agree.</summary>
    private async Task AgreeAsync(string when)
    {
        const string Read = "SELECT org_unit_id, requirement_id, status, day, pairs FROM competence.standing_count_v";
        const string Folded = "SELECT org_unit_id, requirement_id, status, day, pairs FROM competence.standing_count";
        const string Afresh =
            """
            SELECT e.org_unit_id, q.requirement_id, q.status, competence.standing_day(q.status, q.valid_until, q.due_on), count(*)::int
            FROM competence.qualification q JOIN org.employee e ON e.id = q.employee_id AND e.status <> 'exited'
            GROUP BY 1, 2, 3, 4
            """;
        var afresh = await RowsAsync(Afresh);
        (await RowsAsync(Read)).Should().BeEquivalentTo(afresh, when);
        await FoldAsync();
        (await RowsAsync(Folded)).Should().BeEquivalentTo(afresh, when + ", folded");
    }

    /// <summary>The app's own fold job may be folding; then this waits for its pass.</summary>
    private async Task FoldAsync()
    {
        await using var ds = App.OpenDataSource();
        await SinglePass.RunAsync(async () => (int)(await ds.CreateCommand("SELECT competence.fold_standing()").ExecuteScalarAsync())!, "the standing-count fold");
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetGuid(0)} {reader.GetGuid(1)} {reader.GetString(2)} {(reader.IsDBNull(3) ? "-" : reader.GetFieldValue<DateOnly>(3).ToString("O", System.Globalization.CultureInfo.InvariantCulture))} {reader.GetInt32(4)}");
        }

        return rows;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
