using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Platform.Data;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Reports from a streaming standby: a user reads their own write at once (from the primary until the standby has replayed past
/// it), others read the standby while it keeps up, and everyone falls back to the primary when replay stops for longer than the
/// lag limit — and goes back to the standby when it catches up.
/// </summary>
public sealed class ReplicaReadTests : IAsyncLifetime, IDisposable
{
    private StreamingPair? _pair;
    private SkillgateFactory? _app;

    public async Task InitializeAsync()
    {
        _pair = await StreamingPair.StartAsync();
        _app = new SkillgateFactory { JoinConnectionString = _pair.Primary };
        _app.Settings["ConnectionStrings:Reports"] = TestCluster.AsApp(_pair.Standby);
        _app.Settings["Skillgate:Reports:MaxLagSeconds"] = "3";
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await ((IAsyncLifetime)_app).DisposeAsync();
        }

        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    public void Dispose() => _app?.Dispose();

    [Fact]
    public async Task A_write_is_read_back_at_once_and_reports_leave_a_standby_that_stopped_replaying()
    {
        var (app, pair) = (_app!, _pair!);
        using var writer = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(writer, "RR");
        using var other = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var matrix = $"/api/v1/matrix?orgUnitId={org.Plant}";

        // A write the standby has replayed just now: its last replayed commit is fresh when replay stops.
        await AddEmployeeAsync(writer, org, "RR3001");
        (await EventuallyAsync(writer, matrix, (from, body) => from == "replica" && body.Contains("RR3001", StringComparison.Ordinal)))
            .Should().BeTrue("a standby that keeps up serves the reports, the writer's own change included once replayed");

        await pair.ExecuteOnStandbyAsync("SELECT pg_wal_replay_pause()");
        await AddEmployeeAsync(writer, org, "RR3002");
        var own = await writer.GetAsync(matrix);
        own.EnsureSuccessStatusCode();
        From(own).Should().Be("primary", "the standby has not replayed the writer's change");
        (await own.Content.ReadAsStringAsync()).Should().Contain("RR3002", "a user reads their own write at once");
        var stale = await other.GetAsync(matrix);
        From(stale).Should().Be("replica", "within the lag limit others still read the standby");
        (await stale.Content.ReadAsStringAsync()).Should().Contain("RR3001").And.NotContain("RR3002", "the standby stopped before that write");

        var fellBack = Stopwatch.StartNew();
        (await EventuallyAsync(other, matrix, (from, _) => from == "primary")).Should().BeTrue("with replay stopped, the lag passes the limit and reports go to the primary");
        using (var health = await app.SignInAsync("admin", SkillgateFactory.AdminPassword))
        {
            var report = await health.GetFromJsonAsync<JsonElement>("/health");
            var replica = report.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "replica");
            replica.GetProperty("working").GetBoolean().Should().BeFalse($"the health page shows the lag ({replica})");
        }

        await pair.ExecuteOnStandbyAsync("SELECT pg_wal_replay_resume()");
        (await EventuallyAsync(writer, matrix, (from, body) => from == "replica" && body.Contains("RR3002", StringComparison.Ordinal)))
            .Should().BeTrue($"once the standby caught up (fell back after {fellBack.ElapsedMilliseconds} ms), it serves the writer's own change");
    }

    [Fact]
    public async Task While_the_database_is_away_requests_answer_503_in_the_users_language_and_work_again_when_it_is_back()
    {
        var (app, pair) = (_app!, _pair!);
        using var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        using var anonymous = app.CreateClient();
        await pair.StopPrimaryAsync();
        try
        {
            var refused = await admin.PostAsJsonAsync("/api/v1/org-units", new { code = "DOWN", name = "停机时新建", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } });
            refused.StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().Should().Be("database_unavailable");
            problem.GetProperty("title").GetString().Should().Contain("数据库暂时不可用");
            (await anonymous.GetAsync("/health")).StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable, "the load balancer takes the node out");
        }
        finally
        {
            await pair.StartPrimaryAsync();
        }

        var again = await admin.PostAsJsonAsync("/api/v1/org-units", new { code = "BACK", name = "恢复后新建", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } });
        again.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, "the pool opens new connections once the server is back");
    }

    private static async Task AddEmployeeAsync(HttpClient client, TestOrg org, string number)
    {
        var response = await client.PostAsJsonAsync("/api/v1/employees", new
        {
            employeeNo = number, name = "王强", phone = "13800000003", email = (string?)null, orgUnitId = org.WorkshopA, positionId = org.PositionA,
            managerId = (Guid?)null, shiftGroupId = (Guid?)null, hireDate = "2022-01-10",
        });
        response.EnsureSuccessStatusCode();
    }

    private static string From(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ReportReads.Header, out var values) ? values.Single() : $"no {ReportReads.Header} header in {response.Headers} {response.RequestMessage?.RequestUri}";

    /// <summary>Reads until the condition holds (true) or ten seconds pass (false): replication runs on real time.</summary>
    private static async Task<bool> EventuallyAsync(HttpClient client, string url, Func<string, string, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var response = await client.GetAsync(url);
            response.EnsureSuccessStatusCode();
            if (condition(From(response), await response.Content.ReadAsStringAsync()))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
