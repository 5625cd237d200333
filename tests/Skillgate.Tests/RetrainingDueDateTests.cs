using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Retraining due dates across versions; the fake clock moves here, so this class has its own app and clock.</summary>
public sealed class RetrainingDueDateTests(SkillgateFactory factory) : CompetenceTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_minor_version_does_not_move_the_due_date_of_a_retraining_pending_from_a_major_version()
    {
        var a = await ActorsAsync("MD");
        var sop = await CreateDocumentAsync(a, "SOP-MD", "焊接规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        var operation = await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "MD-WELD", name = "焊接", orgUnitId = a.Org.WorkshopA });
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { operationId = operation, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v1, completedOn = "2026-11-01" })).EnsureSuccessStatusCode();
        await ReleaseVersionAsync(a, sop, "major");
        async Task<JsonElement> UnmetAsync() => (await a.Hr.GetFromJsonAsync<JsonElement>("/api/v1/qualification-check?employee=MD1001&operation=MD-WELD")).GetProperty("unmet")[0];
        var due = (await UnmetAsync()).GetProperty("dueOn").GetString();
        due.Should().Be(DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        App.Clock.Advance(TimeSpan.FromDays(10));
        a = a with { Author = await App.SignInAsync("MDqa1", Password), Approver = await App.SignInAsync("MDqa2", Password), Hr = await App.SignInAsync("MDhr", Password) };
        await ReleaseVersionAsync(a, sop, "minor");
        var after = await UnmetAsync();
        after.GetProperty("status").GetString().Should().Be("retraining_required");
        after.GetProperty("requirement").GetString().Should().Contain("v2.1", "the label names the version in force now");
        after.GetProperty("dueOn").GetString().Should().Be(due, "the retraining has been due since the major version; v2.1 does not postpone it");
    }
}
