using Dapper;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Audit;

/// <summary>
/// The exact strings an audit record's leaf hash is computed from:
/// <c>leaf = sha256_hex(id|occurredAt|actorId|actorName|action|entityType|entityId|before|after)</c>, an absent value as "".
/// </summary>
internal sealed record ProofRecord(
    Guid Id, string OccurredAt, string ActorId, string ActorName, string Action, string EntityType, Guid EntityId, string Before, string After);

/// <summary>A later position on the way to the checkpoint: <c>hash = sha256_hex(position|previous hash|leaf)</c>.</summary>
internal sealed record ProofStep(long Position, string Leaf);

/// <summary>
/// One record's proof (README "Checking one audit record offline"): its content, position and hash, the leaves of the positions
/// after it up to the checkpoint that covers it, and that checkpoint, signed with the key kept outside the database.
/// </summary>
internal sealed record AuditRecordProof(
    long Position, string PrevHash, string Leaf, string Hash, ProofRecord Record, IReadOnlyList<ProofStep> Path, AuditCheckpoint Checkpoint, string Rule);

internal sealed class AuditProofs(NpgsqlDataSource dataSource, CheckpointLog log, AuditChain chain)
{
    public const string Rule =
        "leaf = sha256_hex(id|occurredAt|actorId|actorName|action|entityType|entityId|before|after); " +
        "hash = sha256_hex(position|prevHash|leaf); each step: prev = sha256_hex(step.position|prev|step.leaf); the last equals checkpoint.hash; " +
        "checkpoint.mac = hmac_sha256_hex(key, seq|hash|at)";

    public enum Outcome { Found, Missing, NotChained }

    /// <summary>The proof; a record not chained yet has none until the sequencer places it (a moment later).</summary>
    public async Task<(Outcome Outcome, AuditRecordProof? Proof)> ForAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT e.seq, e.prev_hash AS prevhash, e.hash, audit.event_leaf(e) AS leaf, e.id,
                   to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS occurredat,
                   coalesce(e.actor_id::text, '') AS actorid, e.actor_name AS actorname, e.action, e.entity_type AS entitytype, e.entity_id AS entityid,
                   coalesce(e.before::text, '') AS before, coalesce(e.after::text, '') AS after
            FROM audit.event e WHERE e.id = @id
            """, new { id }, cancellationToken: ct));
        if (row is null)
        {
            return (Outcome.Missing, null);
        }

        if (row.Seq is not { } position)
        {
            return (Outcome.NotChained, null);
        }

        // None covers a record placed since the last one: sign the head now.
        var checkpoint = await CoveringAsync(position, ct) ?? await chain.CheckpointAsync(force: true, ct);
        if (checkpoint is null)
        {
            return (Outcome.NotChained, null);
        }

        var path = (await connection.QueryAsync<ProofStep>(new CommandDefinition(
            "SELECT e.seq AS position, audit.event_leaf(e) AS leaf FROM audit.event e WHERE e.seq > @from AND e.seq <= @to ORDER BY e.seq",
            new { from = position, to = checkpoint.Seq }, cancellationToken: ct))).ToList();
        var record = new ProofRecord(row.Id, row.OccurredAt, row.ActorId, row.ActorName, row.Action, row.EntityType, row.EntityId, row.Before, row.After);
        return (Outcome.Found, new AuditRecordProof(position, row.PrevHash!, row.Leaf, row.Hash!, record, path, checkpoint, Rule));
    }

    private async Task<AuditCheckpoint?> CoveringAsync(long position, CancellationToken ct)
    {
        var (written, _) = await log.ReadAsync(ct);
        return written.Where(c => c.Seq >= position && c.IsSignedWith(log.Key)).MinBy(c => c.Seq);
    }

    private sealed record Row(
        long? Seq, string? PrevHash, string? Hash, string Leaf, Guid Id, string OccurredAt, string ActorId, string ActorName, string Action,
        string EntityType, Guid EntityId, string Before, string After);
}
