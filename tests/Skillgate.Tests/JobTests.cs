using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Admin.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The jobs page and API: every job listed with its newest run; a job that really fails (the daily backup pointed at a folder
/// that cannot exist) shows as failed with its error on the node that ran it, alerts the administrators once, and gives its day
/// back so the next pass tries again.
/// </summary>
public sealed class JobTests : IClassFixture<JobTests.App>
{
    private const string Node = "node-a";
    private readonly App _app;

    public JobTests(App app) => _app = app;

    public sealed class App : SkillgateFactory
    {
        public App()
        {
            Settings["Skillgate:Jobs:Enabled"] = "false";
            Settings["Skillgate:Node"] = Node;
            Settings["Skillgate:Backup:Enabled"] = "true";
            Directory.CreateDirectory(DataPath);
            var blocker = Path.Combine(DataPath, "not-a-folder");
            File.WriteAllText(blocker, "a file where the backup folder should be");
            Settings["Skillgate:Backup:Folder"] = Path.Combine(blocker, "backups");
            Settings["Skillgate:Telemetry:Prometheus"] = "true";
        }
    }

    [Fact]
    public void Every_registered_job_has_its_name_in_both_languages()
    {
        var names = _app.Services.GetServices<IBackgroundJob>().Select(j => j.Name).ToList();
        names.Should().OnlyHaveUniqueItems();
        names.Should().BeEquivalentTo(AdminVocabularies.JobName.Codes, "the jobs page names each job in the reader's language");
    }

    [Fact]
    public async Task A_failing_job_shows_failed_with_its_error_on_its_node_and_alerts_the_administrators_once()
    {
        using var admin = await _app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var before = await admin.GetFromJsonAsync<List<JobDto>>("/api/v1/jobs");
        before!.Select(j => j.Name).Should().BeEquivalentTo(AdminVocabularies.JobName.Codes);

        var failed = await (await admin.PostAsync("/api/v1/jobs/backup/run", null)).Content.ReadFromJsonAsync<JobDto>();
        failed!.LastOutcome.Should().Be("failed");
        failed.LastNode.Should().Be(Node);
        failed.LastError.Should().Contain("Exception").And.Contain("not-a-folder");
        failed.Failures.Should().Be(1);

        await using var db = _app.OpenDataSource();
        await using (var claims = db.CreateCommand("SELECT count(*) FROM platform.job_run WHERE job = 'backup'"))
        {
            ((long)(await claims.ExecuteScalarAsync())!).Should().Be(0, "a failed backup gives its day back, so the next pass tries again");
        }

        (await AlertsAsync()).Should().Be(1, "the administrator hears of the failure");
        var again = await (await admin.PostAsync("/api/v1/jobs/backup/run", null)).Content.ReadFromJsonAsync<JobDto>();
        again!.Failures.Should().Be(2);
        (await AlertsAsync()).Should().Be(1, "a job that keeps failing alerts once, not on every pass");

        var sequencer = await (await admin.PostAsync("/api/v1/jobs/audit-sequencer/run", null)).Content.ReadFromJsonAsync<JobDto>();
        sequencer!.LastOutcome.Should().Be("succeeded");
        sequencer.LastNode.Should().Be(Node);
        sequencer.NextRunAt.Should().BeAfter(sequencer.LastStartedAt!.Value);

        var failures = await admin.GetFromJsonAsync<Page<JobFailureDto>>("/api/v1/jobs/failures?job=backup&pageSize=1");
        failures!.Total.Should().Be(2);
        failures.Items.Should().ContainSingle().Which.Node.Should().Be(Node);
        (await admin.GetFromJsonAsync<Page<JobFailureDto>>("/api/v1/jobs/failures?job=backup&pageSize=1&page=2"))!.Items.Should().ContainSingle();

        foreach (var (language, failedWord) in new[] { ("en", "failed"), ("zh-CN", "失败") })
        {
            using var reader = await _app.SignInAsync("admin", SkillgateFactory.AdminPassword, language);
            var page = await reader.GetStringAsync("/Admin/Jobs");
            var row = page[page.IndexOf("data-job=\"backup\"", StringComparison.Ordinal)..];
            row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
            row.Should().Contain("data-outcome=\"failed\"").And.Contain(failedWord).And.Contain(Node).And.Contain("not-a-folder");
            page.Should().Contain("data-testid=\"job-failures\"");
        }

        // The failure reaches /health (the job runner part, the status degraded but still 200 for the load balancer) and the metrics.
        using var anonymous = _app.CreateClient();
        var health = await anonymous.GetAsync("/health");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        var report = await health.Content.ReadFromJsonAsync<HealthReport>();
        report!.Status.Should().Be("degraded");
        report.Node.Should().Be(Node);
        report.Parts.Select(p => p.Name).Should().Contain(["database", "file_store", "face_counter", "smtp", "job_runner", "pdf_font"]);
        report.Parts.Single(p => p.Name == "job_runner").Working.Should().BeFalse();
        report.Parts.Should().OnlyContain(p => p.Reason == null, "an anonymous caller learns which part is down, not its paths and errors");
        var adminReport = await admin.GetFromJsonAsync<HealthReport>("/health");
        adminReport!.Parts.Single(p => p.Name == "job_runner").Reason.Should().Contain("backup");
        adminReport.Parts.Single(p => p.Name == "database").Reason.Should().StartWith("primary");
        adminReport.Parts.Single(p => p.Name == "file_store").Working.Should().BeTrue();

        var metrics = await anonymous.GetStringAsync("/metrics");
        metrics.Should().MatchRegex("skillgate_job_runs_total\\{[^}]*job=\"backup\"[^}]*outcome=\"failed\"[^}]*\\} 2")
            .And.Contain("skillgate_job_duration_seconds_bucket").And.Contain("http_server_request_duration_seconds").And.Contain("skillgate_audit_sequencer_lag_seconds");

        (await admin.PostAsync("/api/v1/jobs/no-such-job/run", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await _app.CreateUserAsync(admin, "jobs-hr", ["HR"], scopeAll: true);
        using var hr = await _app.SignInAsync("jobs-hr", "Passw0rd!x");
        (await hr.GetAsync("/api/v1/jobs")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await hr.PostAsync("/api/v1/jobs/backup/run", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await hr.GetAsync("/Admin/Jobs")).StatusCode.Should().Be(HttpStatusCode.Redirect, "the page sends others to the access-denied page");
    }

    private sealed record HealthReport(string Status, string Node, List<HealthPart> Parts);

    private sealed record HealthPart(string Name, bool? Working, string? Reason);

    private async Task<long> AlertsAsync()
    {
        await using var db = _app.OpenDataSource();
        await using var cmd = db.CreateCommand("SELECT count(*) FROM platform.notification WHERE kind = 'job_failed'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
