using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Platform.Audit;
using Skillgate.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests;

/// <summary>The chain as the sequencer builds it (issue 23): one record's proof checked offline, and two nodes appending at once.</summary>
public sealed class AuditChainTests(SkillgateFactory app, ITestOutputHelper output) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_records_proof_checks_offline_with_the_documented_rule_and_the_key_kept_outside_the_database()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "PR");
        await using var ds = app.OpenDataSource();
        var id = await (await ds.OpenConnectionAsync()).ExecuteScalarAsync<Guid>(
            "SELECT id FROM audit.event WHERE entity_id = @e AND action = 'created'", new { e = org.EmployeeA });
        var early = await admin.GetAsync($"/api/v1/audit/{id}/proof");
        if (early.StatusCode == HttpStatusCode.Conflict)
        {
            (await early.Content.ReadAsStringAsync()).Should().Contain("not chained yet");
        }

        await app.Services.GetRequiredService<AuditChain>().ChainCommittedAsync();
        var response = await admin.GetAsync($"/api/v1/audit/{id}/proof");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var proof = (await response.Content.ReadFromJsonAsync<Proof>())!;

        // Recomputed here, without the database's functions: the leaf from the record's strings, then each step up to the checkpoint.
        var r = proof.Record;
        var leaf = Sha(string.Join('|', r.Id, r.OccurredAt, r.ActorId, r.ActorName, r.Action, r.EntityType, r.EntityId, r.Before, r.After));
        leaf.Should().Be(proof.Leaf);
        r.After.Should().Contain("张伟");
        var hash = Sha($"{proof.Position}|{proof.PrevHash}|{leaf}");
        hash.Should().Be(proof.Hash);
        foreach (var step in proof.Path)
        {
            hash = Sha($"{step.Position}|{hash}|{step.Leaf}");
        }

        hash.Should().Be(proof.Checkpoint.Hash);
        var key = await File.ReadAllBytesAsync(Path.Combine(app.DataPath, "keys", "audit-checkpoint.key"));
        var at = proof.Checkpoint.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{proof.Checkpoint.Seq}|{proof.Checkpoint.Hash}|{at}"))).Should().Be(proof.Checkpoint.Mac);

        (await (await ds.OpenConnectionAsync()).ExecuteScalarAsync<long>("SELECT count(*) FROM platform.notification WHERE kind = 'audit_checkpoint'"))
            .Should().Be(0, "checkpoints are sent only when asked for");
        (await admin.GetAsync($"/api/v1/audit/{Guid.NewGuid()}/proof")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await app.CreateUserAsync(admin, "proof-hr", ["HR"], scopeAll: true);
        var hr = await app.SignInAsync("proof-hr", "Passw0rd!x");
        (await hr.GetAsync($"/api/v1/audit/{id}/proof")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task With_checkpoint_notify_each_checkpoint_reaches_the_administrators_with_its_position_hash_and_signature()
    {
        await using var node = new SkillgateFactory();
        node.Settings["Skillgate:Audit:CheckpointNotify"] = "true";
        node.Settings["Skillgate:Audit:CheckpointRecords"] = "1";
        await node.InitializeAsync();
        var admin = await node.SignInAsync("admin", SkillgateFactory.AdminPassword);
        await TestOrg.CreateAsync(admin, "NT");
        var job = node.Services.GetServices<Skillgate.Platform.Data.IBackgroundJob>().Single(j => j.Name == "audit-sequencer");
        await job.RunOnceAsync(CancellationToken.None);

        var (written, _) = await node.Services.GetRequiredService<CheckpointLog>().ReadAsync(CancellationToken.None);
        var newest = written.MaxBy(c => c.Seq)!;
        await using var ds = node.OpenDataSource();
        var body = await (await ds.OpenConnectionAsync()).ExecuteScalarAsync<string>(
            """
            SELECT n.body FROM platform.notification n JOIN auth.app_user u ON u.id = n.user_id
            WHERE u.user_name = 'admin' AND n.kind = 'audit_checkpoint' AND n.title LIKE '%第 ' || @seq::text || ' 条%'
            """, new { seq = newest.Seq });
        body.Should().NotBeNull().And.Contain(newest.Hash).And.Contain(newest.Mac).And.Contain("请保存此消息");
    }

    /// <summary>
    /// Two nodes append at full speed (org units created through each, each with its audit row) for a minute
    /// (<c>SKILLGATE_AUDIT_SOAK_SECONDS</c>) while both run their sequencers: every record is chained exactly once, positions
    /// run 1..n without a gap, and the chain verifies.
    /// </summary>
    [Fact]
    public async Task Two_nodes_appending_at_full_speed_chain_every_record_exactly_once()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("SKILLGATE_AUDIT_SOAK_SECONDS"), out var s) ? s : 60;
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var parent = (await (await admin.PostAsJsonAsync("/api/v1/org-units", new { code = "SOAK", name = "压测", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } }))
            .Content.ReadFromJsonAsync<SkillgateFactory.IdOnly>())!.Id;
        var created = await SkillgateFactory.PostFormAsync(admin, "/Admin/ApiKeys", new() { ["Name"] = "soak", ["Scopes"] = "org:write" });
        var key = System.Text.RegularExpressions.Regex.Match(await created.Content.ReadAsStringAsync(), "sg_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}").Value;
        await using var first = AppProcess.Start(app.ConnectionString);
        await using var second = AppProcess.Start(app.ConnectionString);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "ApiKey " + key);
        (await first.WaitHealthyAsync(http)).IsSuccessStatusCode.Should().BeTrue();
        (await second.WaitHealthyAsync(http)).IsSuccessStatusCode.Should().BeTrue();

        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var failures = 0;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var node = w % 2 == 0 ? first.Url : second.Url;
            for (var n = 0; DateTime.UtcNow < until; n++)
            {
                var response = await http.PostAsJsonAsync(node + "/api/v1/org-units", new { code = $"S{w}-{n}", name = $"单元{w}-{n}", unitType = "team", parentId = parent, functions = Array.Empty<string>() });
                if (response.IsSuccessStatusCode)
                {
                    ids.Add((await response.Content.ReadFromJsonAsync<SkillgateFactory.IdOnly>())!.Id);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        failures.Should().Be(0);
        ids.Should().NotBeEmpty();

        await using var ds = app.OpenDataSource();
        for (var wait = 0; wait < 150 && await ds.CreateCommand("SELECT count(*) FROM audit.event WHERE seq IS NULL").ExecuteScalarAsync() is not 0L; wait++)
        {
            await Task.Delay(200);
        }

        await using var connection = await ds.OpenConnectionAsync();
        var chain = await connection.QuerySingleAsync<(long Rows, long Chained, long Distinct, long Max, double P50, double P95, double P99)>(
            """
            SELECT count(*), count(seq), count(DISTINCT seq), coalesce(max(seq), 0),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM chained_at - appended_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM chained_at - appended_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM chained_at - appended_at))
            FROM audit.event
            """);
        output.WriteLine($"{ids.Count} units in {seconds} s through two nodes; sequencer lag p50 {chain.P50 * 1000:F0} ms, p95 {chain.P95 * 1000:F0} ms, p99 {chain.P99 * 1000:F0} ms");
        chain.Chained.Should().Be(chain.Rows, "every record is chained");
        chain.Distinct.Should().Be(chain.Rows, "no position is given twice");
        chain.Max.Should().Be(chain.Rows, "positions run 1..n without a gap");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit.event WHERE entity_id = ANY (@ids) AND action = 'created'", new { ids = ids.ToArray() }))
            .Should().Be(ids.Count, "each unit's record is in the chain once");
        var verified = await AuditVerifier.VerifyAsync(ds, app.Services.GetRequiredService<CheckpointLog>(), TimeSpan.FromMinutes(5));
        verified.Intact.Should().BeTrue(verified.ToString());
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record Proof(long Position, string PrevHash, string Leaf, string Hash, ProofRecord Record, List<Step> Path, Checkpoint Checkpoint);

    private sealed record ProofRecord(Guid Id, string OccurredAt, string ActorId, string ActorName, string Action, string EntityType, Guid EntityId, string Before, string After);

    private sealed record Step(long Position, string Leaf);

    private sealed record Checkpoint(long Seq, string Hash, DateTimeOffset At, string Mac);
}
