using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Npgsql;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests;

/// <summary>
/// The batch trace must say what the MES gate answered at the moment of each operation. A generated history (completions,
/// new major and minor versions, time passing past validities, assignments, overrides granted and revoked, transfers between
/// workshops, a requirement retired) is played through the API on a fake clock, with the daily pass run as each day begins; at
/// random moments the gate is asked about each operator — from the stored statuses and judged live, which must agree — and an
/// operation is recorded at that very moment. Afterwards every operation's trace is compared with the answer.
/// </summary>
public sealed class TraceGateAgreementTests(SkillgateFactory factory, ITestOutputHelper output) : CompetenceTestBase(factory), IClassFixture<SkillgateFactory>
{
    private const int Steps = 170;

    [Fact]
    public async Task The_trace_of_every_operation_equals_the_gates_answer_at_that_moment()
    {
        var random = new Random(20261202);
        var a = await ActorsAsync("TG");
        var docA = await CreateDocumentAsync(a, "SOP-TGA", "焊接工艺规程");
        var docB = await CreateDocumentAsync(a, "SOP-TGB", "焊接安全规程");
        var versions = new Dictionary<Guid, List<Guid>> { [docA] = [await ReleaseVersionAsync(a, docA, "major")], [docB] = [await ReleaseVersionAsync(a, docB, "major")] };
        var operation = await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "TG-WELD", name = "焊接", orgUnitId = a.Org.WorkshopA });
        await PostIdAsync(a.Hr, "/api/v1/requirements", new { operationId = operation, kind = "training", documentId = docA, validityMonths = 1 });
        var workshopOnly = await PostIdAsync(a.Hr, "/api/v1/requirements", new { operationId = operation, kind = "training", documentId = docB, orgUnitId = a.Org.WorkshopA });

        var people = new List<(Guid Id, string No)> { (a.Org.EmployeeA, "TG1001"), (a.Org.EmployeeB, "TG2001") };
        for (var i = 0; i < 4; i++)
        {
            var no = $"TG3{i:000}";
            people.Add((await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = no, name = $"焊工{i}", orgUnitId = i % 2 == 0 ? a.Org.WorkshopA : a.Org.WorkshopB, hireDate = "2020-01-01" }), no));
        }

        // Sign-in cookies last 10 hours and the clock jumps days: each client signs in again when its session has aged.
        var sessions = new Dictionary<string, (HttpClient Client, DateTimeOffset At)>();
        async Task<HttpClient> As(string user)
        {
            if (!sessions.TryGetValue(user, out var session) || App.Clock.GetUtcNow() - session.At > TimeSpan.FromHours(4))
            {
                session = (await App.SignInAsync(user, user == "admin" ? SkillgateFactory.AdminPassword : Password), App.Clock.GetUtcNow());
                sessions[user] = session;
            }

            return session.Client;
        }

        var answers = new Dictionary<string, JsonElement>();
        var overrides = new List<Guid>();
        var retired = false;
        var storedDays = 0;
        await using var data = App.OpenDataSource();
        for (var step = 0; step < Steps; step++)
        {
            App.Clock.Advance(TimeSpan.FromHours(random.Next(1, 120)));
            var (person, no) = people[random.Next(people.Count)];
            var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
            a = a with { Admin = await As("admin"), Author = await As("TGqa1"), Approver = await As("TGqa2"), Hr = await As("TGhr") };
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    var document = random.Next(2) == 0 ? docA : docB;
                    var version = versions[document][random.Next(versions[document].Count)];
                    (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = person, documentVersionId = version, completedOn = today.AddDays(-random.Next(0, 20)) })).EnsureSuccessStatusCode();
                    break;
                case 3:
                    var revised = random.Next(2) == 0 ? docA : docB;
                    versions[revised].Add(await ReleaseVersionAsync(a, revised, random.Next(3) == 0 ? "major" : "minor"));
                    break;
                case 4:
                    await a.Hr.PostAsJsonAsync($"/api/v1/operations/{operation}/assignments", new { employeeId = person });
                    break;
                case 5:
                    var granted = await a.Approver.PostAsJsonAsync("/api/v1/overrides", new
                    {
                        employeeId = person, operationId = operation, reason = $"顶岗 {step}", expiresAt = App.Clock.GetUtcNow().AddHours(random.Next(2, 200)),
                        password = Password, meaning = "批准临时上岗",
                    });
                    granted.StatusCode.Should().Be(HttpStatusCode.Created);
                    overrides.Add((await granted.Content.ReadFromJsonAsync<SkillgateFactory.IdOnly>())!.Id);
                    break;
                case 6 when overrides.Count > 0:
                    await a.Approver.DeleteAsync($"/api/v1/overrides/{overrides[random.Next(overrides.Count)]}");
                    break;
                case 7:
                    var employee = await a.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/employees/{person}");
                    var to = employee.GetProperty("orgUnitId").GetGuid() == a.Org.WorkshopA ? a.Org.WorkshopB : a.Org.WorkshopA;
                    (await a.Admin.PostAsJsonAsync($"/api/v1/employees/{person}/events", new
                    {
                        kind = "transfer", effectiveOn = today, toOrgUnitId = to, toPositionId = (Guid?)null, version = employee.GetProperty("version").GetInt32(),
                    })).EnsureSuccessStatusCode();
                    break;
                case 8 when !retired && step > Steps / 2:
                    (await a.Hr.DeleteAsync($"/api/v1/requirements/{workshopOnly}")).EnsureSuccessStatusCode();
                    retired = true;
                    break;
            }

            // The daily pass, as a node runs it in a new day's first hour; from then on the gate reads the stored statuses.
            var daily = await (await a.Admin.PostAsync("/api/v1/jobs/qualification-daily", null)).Content.ReadFromJsonAsync<JsonElement>();
            storedDays += daily.GetProperty("ran").GetBoolean() ? 1 : 0;

            // At this moment: the gate's answer for every operator (from the stored statuses, and the same judged live), and an
            // operation by each recorded at the same instant.
            var now = App.Clock.GetUtcNow();
            var records = new List<OperationRecordInput>();
            foreach (var (_, number) in people)
            {
                var id = $"TG-O{step}-{number}";
                var url = $"/api/v1/qualification-check?employee={number}&operation=TG-WELD";
                answers[id] = await a.Hr.GetFromJsonAsync<JsonElement>(url);
                var live = await LiveAsync(data, () => a.Hr.GetFromJsonAsync<JsonElement>(url));
                answers[id].GetRawText().Should().Be(live.GetRawText(), $"the stored statuses answer as the live judgement ({id} at {now:O})");
                records.Add(new OperationRecordInput(id, $"TG-B{step}", "支架", null, "TG-WELD", null, number, now, null));
            }

            (await a.Author.PostAsJsonAsync("/api/v1/quality/operation-records", records)).EnsureSuccessStatusCode();
        }

        var hr = await As("TGhr");
        var compared = 0;
        var qualified = 0;
        for (var step = 0; step < Steps; step++)
        {
            var trace = await hr.GetFromJsonAsync<BatchTrace>($"/api/v1/trace/batches/TG-B{step}");
            foreach (var op in trace!.Operations)
            {
                var gate = answers[$"TG-O{step}-{op.EmployeeNo}"];
                var because = $"operation TG-O{step}-{op.EmployeeNo} at {op.StartedAt:O}: the gate said {gate}";
                op.QualifiedThen.Should().Be(gate.GetProperty("qualified").GetBoolean(), because);
                (op.QualifiedThen || op.OverrideThen is not null).Should().Be(gate.GetProperty("allowed").GetBoolean(), because);
                op.Requirements.Where(r => r.Status is not ("qualified" or "expiring")).Select(r => (r.Requirement, r.Status))
                    .Should().BeEquivalentTo(gate.GetProperty("unmet").EnumerateArray().Select(u => (u.GetProperty("requirement").GetString(), u.GetProperty("status").GetString())), because);
                compared++;
                qualified += op.QualifiedThen ? 1 : 0;
            }
        }

        output.WriteLine($"{storedDays} days with the daily pass; {compared} (employee, operation, moment) triples compared, {qualified} qualified, {overrides.Count} overrides, {versions[docA].Count + versions[docB].Count} versions");
        compared.Should().BeGreaterThanOrEqualTo(1000);
        storedDays.Should().BeGreaterThan(Steps / 4, "most moments are asked on a day whose daily pass has run");
        qualified.Should().BeInRange(compared / 20, compared - (compared / 20), "the history gives both answers often enough to matter");
    }

    /// <summary>The gate's answer judged live: as on a day whose daily pass has not run yet (migration 0052).</summary>
    private static async Task<JsonElement> LiveAsync(NpgsqlDataSource data, Func<Task<JsonElement>> ask)
    {
        await using (var stale = data.CreateCommand("UPDATE competence.statuses_day SET day = day - 1"))
        {
            await stale.ExecuteNonQueryAsync();
        }

        try
        {
            return await ask();
        }
        finally
        {
            await using var restore = data.CreateCommand("UPDATE competence.statuses_day SET day = day + 1");
            await restore.ExecuteNonQueryAsync();
        }
    }
}
