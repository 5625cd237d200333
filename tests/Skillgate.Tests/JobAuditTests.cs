using Dapper;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Skillgate.Platform;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests;

/// <summary>
/// One write path (issue 18): every registered background job, run on the demo plant at four moments (as seeded, when the demo
/// session is 20 minutes in, three days and forty days on), records each row it adds, changes or removes in the audit trail — an audit row written during the run names
/// the row (its id is the event's entity or appears in what the event records) — and the hash chain, once sequenced, verifies afterwards.
/// </summary>
public sealed class JobAuditTests(ITestOutputHelper output)
{
    /// <summary>Tables a job may change without an audit record per row, and why.</summary>
    private static readonly Dictionary<string, string> Unaudited = new(StringComparer.Ordinal)
    {
        ["competence.qualification"] = "derived from the records by competence.refresh; each change is appended to competence.qualification_history",
        ["competence.qualification_history"] = "is itself the append-only record of qualification changes",
        ["competence.standing_count"] = "counts of competence.qualification per unit and requirement, folded from competence.standing_delta",
        ["competence.standing_delta"] = "changes of those counts, appended by competence.qualification's triggers",
        ["competence.statuses_day"] = "the day competence.qualification's statuses are current for, marked by the daily pass that made them so",
        ["platform.job_run"] = "which node claimed which day's run of a daily job",
        ["platform.notification"] = "people's inboxes: what they were told, not a change of a record",
    };

    /// <summary>Columns that only schedule a job's next look at a row.</summary>
    private static readonly Dictionary<string, string[]> Bookkeeping = new(StringComparer.Ordinal)
    {
        ["workflow.task"] = ["next_check_at"],
    };

    [Fact]
    public async Task Every_background_job_records_each_row_it_changes_in_the_audit_trail_and_the_chain_verifies()
    {
        await using var app = new SkillgateFactory { SeedDemo = true };
        app.Settings["Skillgate:Jobs:Enabled"] = "false";
        await app.InitializeAsync();
        using var client = app.CreateClient();
        var jobs = app.Services.GetServices<IBackgroundJob>().ToList();
        jobs.Select(j => j.Name).Should().Contain(["workflow-deadlines", "qualification-daily", "needs-analysis", "mandatory-invites", "attendance-alerts",
            "notification-delivery", "orphan-file-sweep"]);

        // Snapshots read every row of every table; under a full parallel test run they outlast the default 30 s command timeout.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(app.ConnectionString) { CommandTimeout = 180 }.ConnectionString);
        var changedByJob = jobs.ToDictionary(j => j.Name, _ => 0);
        var unaudited = new List<string>();
        var exempt = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(20), TimeSpan.FromDays(3), TimeSpan.FromDays(37) })
        {
            app.Clock.Advance(step);
            foreach (var job in jobs)
            {
                var seq = await dataSource.CreateCommand("SELECT coalesce(max(appended), 0) FROM audit.event").ExecuteScalarAsync();
                var before = await SnapshotAsync(dataSource);
                await job.RunOnceAsync(CancellationToken.None);
                var after = await SnapshotAsync(dataSource);
                var all = Changes(before, after).ToList();
                exempt.UnionWith(all.Where(c => Unaudited.ContainsKey(c.Table)).Select(c => c.Table));
                var changed = all.Where(c => !Unaudited.ContainsKey(c.Table)).ToList();
                changedByJob[job.Name] += all.Count;
                var named = await NamedIdsAsync(dataSource, (long)seq!);
                unaudited.AddRange(changed.Where(c => !c.Ids.Any(named.Contains)).Select(c => $"{job.Name} after {app.Clock.GetUtcNow():u}: {c.Table} {c.Key}"));
            }
        }

        foreach (var (job, count) in changedByJob)
        {
            output.WriteLine($"{job}: {count} rows changed");
        }

        output.WriteLine($"changed without a record per row: {string.Join(", ", exempt)}");
        changedByJob["workflow-deadlines"].Should().BePositive("the demo's open workflow steps pass their deadlines");
        changedByJob["attendance-alerts"].Should().BePositive("the demo session's department heads are told 15 minutes in, with nobody checked in");
        changedByJob["qualification-daily"].Should().BePositive("qualifications expire and reminders go out");
        changedByJob["needs-analysis"].Should().BePositive("the demo's defects raise training needs");
        unaudited.Should().BeEmpty("every change a job makes has its audit record");
        await app.Services.GetRequiredService<AuditChain>().ChainCommittedAsync();
        await app.Services.GetRequiredService<AuditChain>().CheckpointAsync(force: true, CancellationToken.None);
        var verified = await AuditVerifier.VerifyAsync(dataSource, app.Services.GetRequiredService<CheckpointLog>(), TimeSpan.FromMinutes(10));
        verified.Healthy.Should().BeTrue(verified.ToString());
        verified.Unchained.Should().Be(0);
    }

    [Fact]
    public void Every_hosted_service_that_runs_repeatedly_is_a_registered_background_job()
    {
        // The rest are not passes over data: start-up steps, the demo seeding, the check-in writer's queue and the listener for other nodes' changes.
        var loops = typeof(SkillgateApp).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.IsAssignableTo(typeof(Microsoft.Extensions.Hosting.BackgroundService)) && !t.IsGenericTypeDefinition)
            .Select(t => t.Name).ToList();
        loops.Should().BeEquivalentTo(["AttendanceWriter", "ChangeListener"], "a periodic pass is an IBackgroundJob, so the job-audit test runs it");
    }

    private sealed record Change(string Table, string Key, Guid[] Ids);

    private static IEnumerable<Change> Changes(Dictionary<(string Table, string Key), (string Hash, Guid[] Ids)> before, Dictionary<(string Table, string Key), (string Hash, Guid[] Ids)> after) =>
        after.Where(a => !before.TryGetValue(a.Key, out var b) || b.Hash != a.Value.Hash).Select(a => new Change(a.Key.Table, a.Key.Key, a.Value.Ids))
            .Concat(before.Where(b => !after.ContainsKey(b.Key)).Select(b => new Change(b.Key.Table, b.Key.Key + " (removed)", b.Value.Ids)));

    /// <summary>Every row of every table outside the audit schema: its key (the primary key, or the whole row), a hash of its content and its uuids.</summary>
    private static async Task<Dictionary<(string Table, string Key), (string Hash, Guid[] Ids)>> SnapshotAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<(string Table, string[]? Key, string[] Uuids)>(
            """
            SELECT c.oid::regclass::text,
                   (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                    WHERE i.indrelid = c.oid AND i.indisprimary),
                   ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'uuid'::regtype)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('audit', 'pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
            """);
        var rows = new Dictionary<(string, string), (string, Guid[])>();
        foreach (var (table, key, uuids) in tables)
        {
            var ignored = Bookkeeping.GetValueOrDefault(table) ?? [];
            var keyColumns = key ?? [];
            var keyExpr = keyColumns.Length > 0 ? $"jsonb_build_array({string.Join(", ", keyColumns.Select(k => $"t.\"{k}\""))})::text" : "md5(to_jsonb(t)::text)";
            // A row is named by its key's uuids, or (keyed by text, e.g. a signal's key) by the records it links.
            var keyIds = keyColumns.Intersect(uuids).ToArray();
            var idColumns = keyIds.Length > 0 ? keyIds : uuids;
            var idsExpr = idColumns.Length > 0 ? $"array_remove(ARRAY[{string.Join(", ", idColumns.Select(k => $"t.\"{k}\""))}]::uuid[], NULL)" : "'{}'::uuid[]";
            var sql = $"SELECT {keyExpr}, md5((to_jsonb(t) - @ignored)::text), {idsExpr} FROM {table} t";
            foreach (var (k, hash, ids) in await connection.QueryAsync<(string, string, Guid[])>(sql, new { ignored }))
            {
                rows[(table, k)] = (hash, ids);
            }
        }

        return rows;
    }

    /// <summary>The ids the audit events after a point name: their entity and every uuid in what they record.</summary>
    private static async Task<HashSet<Guid>> NamedIdsAsync(NpgsqlDataSource dataSource, long afterSeq)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var texts = await connection.QueryAsync<(Guid Entity, string? Before, string? After)>(
            "SELECT entity_id, before::text, after::text FROM audit.event WHERE appended > @afterSeq", new { afterSeq });
        var ids = new HashSet<Guid>();
        foreach (var (entity, before, after) in texts)
        {
            ids.Add(entity);
            foreach (var text in new[] { before, after }.OfType<string>())
            {
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                {
                    ids.Add(Guid.Parse(m.Value));
                }
            }
        }

        return ids;
    }
}
