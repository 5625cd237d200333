using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The job runner's health follows the jobs: working after a run, broken ("overdue") when no node has run a job for two of its
/// periods and two minutes — what an administrator sees when every node has its jobs switched off or stuck.
/// </summary>
public sealed class JobRunnerHealthTests : IClassFixture<JobRunnerHealthTests.App>
{
    private readonly App _app;

    public JobRunnerHealthTests(App app) => _app = app;

    public sealed class App : SkillgateFactory
    {
        public App() => Settings["Skillgate:Jobs:Enabled"] = "false";
    }

    [Fact]
    public async Task A_job_no_node_has_run_for_two_periods_and_two_minutes_shows_the_runner_broken()
    {
        using var admin = await _app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        (await JobRunnerAsync(admin)).Working.Should().BeNull("no job has run yet");

        (await admin.PostAsync("/api/v1/jobs/attendance-alerts/run", null)).EnsureSuccessStatusCode();
        (await JobRunnerAsync(admin)).Working.Should().BeTrue();

        // The attendance alerts run every minute: overdue 60 + 2 × 60 + 120 s after a run.
        _app.Clock.Advance(TimeSpan.FromMinutes(4));
        (await JobRunnerAsync(admin)).Working.Should().BeTrue("within the allowance");
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        var late = await JobRunnerAsync(admin);
        late.Working.Should().BeFalse();
        late.Reason.Should().Be("overdue: attendance-alerts");

        (await admin.PostAsync("/api/v1/jobs/attendance-alerts/run", null)).EnsureSuccessStatusCode();
        (await JobRunnerAsync(admin)).Working.Should().BeTrue("a run clears it");
    }

    private static async Task<Part> JobRunnerAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<Report>("/health"))!.Parts.Single(p => p.Name == "job_runner");

    private sealed record Report(List<Part> Parts);

    private sealed record Part(string Name, bool? Working, string? Reason);
}
