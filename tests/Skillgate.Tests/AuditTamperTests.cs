using Dapper;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// The audit trail against the database's own users (issue 23): each way of tampering is refused to the application's role
/// (privileges and a trigger) and, done by the superuser with triggers switched off, found by the verifier against the signed
/// checkpoints kept outside the database — naming the first bad position and the last good checkpoint.
/// Ten records are appended as the application appends them and chained by the sequencer; checkpoints are signed at 3, 6 and 10.
/// </summary>
public sealed class AuditTamperTests : IAsyncLifetime, IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "skillgate-tamper-" + Guid.NewGuid().ToString("N"));
    private string superuser = "";
    private NpgsqlDataSource app = null!;
    private NpgsqlDataSource root = null!;
    private CheckpointLog log = null!;

    public async Task InitializeAsync()
    {
        superuser = await TestCluster.CreateDatabaseAsync();
        app = NpgsqlDataSource.Create(TestCluster.AsApp(superuser));
        root = NpgsqlDataSource.Create(superuser);
        log = new CheckpointLog(new ConfigurationBuilder().Build(), folder);
        await using var connection = await app.OpenConnectionAsync();
        for (var i = 1; i <= 10; i++)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO audit.event (id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after)
                VALUES (gen_random_uuid(), now(), NULL, 'tester', 'created', 'thing', gen_random_uuid(), NULL, jsonb_build_object('n', @i::int, 'name', '记录' || @i))
                """, new { i });
            (await connection.ExecuteScalarAsync<int>("SELECT audit.sequence(100)")).Should().Be(1);
            if (i is 3 or 6 or 10)
            {
                var hash = await connection.ExecuteScalarAsync<string>("SELECT hash FROM audit.event WHERE seq = @i", new { i = (long)i });
                await log.AppendAsync(i, hash!, DateTimeOffset.UtcNow, CancellationToken.None);
            }
        }
    }

    public void Dispose() => log.Dispose();

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await root.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Untouched_the_chain_verifies_against_its_checkpoints()
    {
        var result = await VerifyAsync();
        result.Should().BeEquivalentTo(new { Intact = true, RowsChecked = 10L, LastGoodCheckpoint = 10L, CheckpointsChecked = 3, Unchained = 0L });
    }

    [Fact]
    public async Task Updating_a_payload_is_refused_to_the_app_and_found_at_its_position()
    {
        const string tamper = "UPDATE audit.event SET after = jsonb_set(after, '{name}', '\"篡改\"') WHERE seq = 5";
        await RefusedAsync(tamper);
        await AsSuperuserAsync(tamper);
        await BrokenAsync(5, "content_changed", 3);
    }

    [Fact]
    public async Task Deleting_a_middle_record_is_refused_to_the_app_and_found_at_its_position()
    {
        const string tamper = "DELETE FROM audit.event WHERE seq = 5";
        await RefusedAsync(tamper);
        await AsSuperuserAsync(tamper);
        await BrokenAsync(5, "position_missing", 3);
    }

    [Fact]
    public async Task Deleting_the_newest_records_is_refused_to_the_app_and_found_by_the_checkpoint()
    {
        const string tamper = "DELETE FROM audit.event WHERE seq > 8";
        await RefusedAsync(tamper);
        await RefusedAsync("TRUNCATE audit.event");
        await AsSuperuserAsync(tamper);
        await BrokenAsync(9, "tail_missing", 6);
    }

    [Fact]
    public async Task Swapping_two_records_is_refused_to_the_app_and_found_where_the_first_moved()
    {
        const string tamper = "UPDATE audit.event SET seq = -seq WHERE seq IN (4, 5); UPDATE audit.event SET seq = CASE seq WHEN -4 THEN 5 ELSE 4 END WHERE seq IN (-4, -5)";
        await RefusedAsync(tamper);
        await AsSuperuserAsync(tamper);
        await BrokenAsync(4, "link_broken", 3);
    }

    [Fact]
    public async Task Rewriting_the_chain_with_recomputed_hashes_is_refused_to_the_app_and_found_by_the_checkpoint_after_it()
    {
        const string tamper =
            """
            UPDATE audit.event SET after = jsonb_set(after, '{name}', '"篡改"') WHERE seq = 5;
            DO $$
            DECLARE
                r record;
                prev text := (SELECT hash FROM audit.event WHERE seq = 4);
            BEGIN
                FOR r IN SELECT id, seq FROM audit.event WHERE seq >= 5 ORDER BY seq LOOP
                    UPDATE audit.event e SET prev_hash = prev, hash = audit.link_hash(r.seq, prev, audit.event_leaf(e)) WHERE e.id = r.id;
                    prev := (SELECT hash FROM audit.event WHERE id = r.id);
                END LOOP;
            END $$;
            """;
        await RefusedAsync(tamper);
        await AsSuperuserAsync(tamper);
        var chainAlone = await AuditVerifier.VerifyAsync(root, new CheckpointLog(new ConfigurationBuilder().Build(), folder + "-none"), TimeSpan.FromMinutes(1));
        chainAlone.Intact.Should().BeTrue("a rewritten chain holds together: only a checkpoint kept elsewhere shows it");
        await BrokenAsync(4, "checkpoint_mismatch", 3);
    }

    [Fact]
    public async Task The_app_cannot_insert_a_record_already_chained_nor_place_one_twice()
    {
        await using var connection = await app.OpenConnectionAsync();
        var forged = async () => await connection.ExecuteAsync(
            "INSERT INTO audit.event (id, occurred_at, actor_name, action, entity_type, entity_id, seq, prev_hash, hash, chained_at) VALUES (gen_random_uuid(), now(), 'x', 'x', 'x', gen_random_uuid(), 11, 'a', 'b', now())");
        (await forged.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        (await connection.ExecuteScalarAsync<int>("SELECT audit.sequence(100)")).Should().Be(0, "every record is placed once");
        await using var owner = new NpgsqlConnection(TestCluster.AsOwner(superuser));
        await owner.OpenAsync();
        var rechain = async () => await owner.ExecuteAsync("UPDATE audit.event SET seq = 99, hash = 'x' WHERE seq = 10");
        (await rechain.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only", "even the owner cannot move a chained record");
        (await VerifyAsync()).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task A_record_left_unchained_longer_than_the_limit_is_reported_and_placed_by_the_next_pass()
    {
        await using var connection = await app.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO audit.event (id, occurred_at, actor_name, action, entity_type, entity_id) VALUES (gen_random_uuid(), now(), 'tester', 'created', 'thing', gen_random_uuid())");
        await connection.ExecuteAsync("SELECT pg_sleep(0.05)");
        var waiting = await AuditVerifier.VerifyAsync(root, log, TimeSpan.FromMilliseconds(10));
        waiting.Should().BeEquivalentTo(new { Intact = true, Healthy = false, Unchained = 1L, UnchainedTooLong = 1L });
        (await AuditVerifier.VerifyAsync(root, log, TimeSpan.FromMinutes(1))).Healthy.Should().BeTrue("a moment's wait is the sequencer's normal lag");

        (await connection.ExecuteScalarAsync<int>("SELECT audit.sequence(100)")).Should().Be(1);
        (await VerifyAsync()).Should().BeEquivalentTo(new { Healthy = true, RowsChecked = 11L, Unchained = 0L });
    }

    [Fact]
    public async Task Not_even_the_owner_can_change_a_record_while_giving_it_its_place()
    {
        await using var connection = await app.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO audit.event (id, occurred_at, actor_name, action, entity_type, entity_id, after) VALUES (gen_random_uuid(), now(), 'tester', 'created', 'thing', gen_random_uuid(), '{\"n\": 11}')");
        await using var owner = new NpgsqlConnection(TestCluster.AsOwner(superuser));
        await owner.OpenAsync();
        foreach (var sql in new[]
                 {
                     "UPDATE audit.event SET seq = 11, prev_hash = 'a', hash = 'b', chained_at = now(), after = '{\"n\": 12}' WHERE seq IS NULL",
                     "UPDATE audit.event SET seq = 11, prev_hash = 'a', hash = 'b', chained_at = now(), after = after WHERE seq IS NULL",
                     "UPDATE audit.event SET chained_at = now() WHERE seq IS NULL",
                     "DELETE FROM audit.event WHERE seq IS NULL",
                 })
        {
            var change = async () => await owner.ExecuteAsync(sql);
            (await change.Should().ThrowAsync<PostgresException>(sql)).Which.MessageText.Should().Contain("append-only", sql);
        }

        (await connection.ExecuteScalarAsync<int>("SELECT audit.sequence(100)")).Should().Be(1, "the sequencer's own placement is the one update allowed");
        (await VerifyAsync()).Should().BeEquivalentTo(new { Intact = true, RowsChecked = 11L, Unchained = 0L });
    }

    private Task<AuditVerifier.Result> VerifyAsync() => AuditVerifier.VerifyAsync(root, log, TimeSpan.FromMinutes(1));

    private async Task RefusedAsync(string sql)
    {
        await using var connection = await app.OpenConnectionAsync();
        var act = async () => await connection.ExecuteAsync(sql);
        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        (await VerifyAsync()).Intact.Should().BeTrue("a refused change leaves the trail as it was");
    }

    private async Task AsSuperuserAsync(string sql)
    {
        await using var connection = await root.OpenConnectionAsync();
        var refused = async () => await connection.ExecuteAsync(sql);
        (await refused.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only", "the trigger refuses even the superuser");

        await connection.ExecuteAsync("SET session_replication_role = replica; " + sql + "; RESET session_replication_role;");
    }

    private async Task BrokenAsync(long position, string reason, long lastGood)
    {
        var result = await VerifyAsync();
        result.Should().BeEquivalentTo(new { Intact = false, FirstBrokenSeq = position, Reason = reason, LastGoodCheckpoint = lastGood }, result.ToString());
    }
}
