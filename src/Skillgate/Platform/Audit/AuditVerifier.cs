using Npgsql;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Audit;

/// <summary>
/// Walks the chain in position order — each position present once, linked to the one before, its hash its content's — and holds
/// it against this node's signed checkpoints: a checkpoint whose position is gone (the newest records deleted) or whose hash the
/// chain no longer has there (the chain rewritten with recomputed hashes) is a break the chain alone cannot show. Then counts the
/// appended rows not chained yet, and those waiting longer than the limit (the sequencer is not running).
/// </summary>
internal static class AuditVerifier
{
    /// <summary>Why the chain does not hold; texts <c>audit.reason.*</c>.</summary>
    public static readonly TextVocabulary Reasons = new("audit.reason",
        "position_missing", "link_broken", "content_changed", "tail_missing", "checkpoint_mismatch", "checkpoint_forged");

    /// <param name="FirstBrokenSeq">The first position that cannot be trusted.</param>
    /// <param name="LastGoodCheckpoint">The position of the newest checkpoint the chain still matches before that.</param>
    public sealed record Result(
        bool Intact, long RowsChecked, long? FirstBrokenSeq, string? Reason, long? LastGoodCheckpoint, int CheckpointsChecked, long Unchained, long UnchainedTooLong)
    {
        public bool Healthy => Intact && UnchainedTooLong == 0;
    }

    /// <summary><c>Skillgate:Audit:UnchainedLimitSeconds</c> (default 60): how long a record may wait for its place.</summary>
    public static TimeSpan UnchainedLimit(IConfiguration configuration) =>
        TimeSpan.FromSeconds(configuration.GetValue("Skillgate:Audit:UnchainedLimitSeconds", 60.0));

    public static async Task<Result> VerifyAsync(NpgsqlDataSource dataSource, CheckpointLog log, TimeSpan unchainedLimit, CancellationToken ct = default)
    {
        var (written, unreadable) = await log.ReadAsync(ct);
        var signed = written.Where(c => c.IsSignedWith(log.Key)).ToList();
        var byPosition = signed.GroupBy(c => c.Seq).ToDictionary(g => g.Key, g => g.Select(c => c.Hash).Distinct(StringComparer.Ordinal).ToList());
        var (unchained, tooLong) = await UnchainedAsync(dataSource, unchainedLimit, ct);

        long? broken = null;
        string? reason = null;
        long? lastGood = null;
        long count = 0;
        var forged = unreadable > 0 || signed.Count < written.Count;

        await using (var cmd = dataSource.CreateCommand("SELECT seq, prev_hash, hash, audit.event_hash(e) FROM audit.event e WHERE seq IS NOT NULL ORDER BY seq"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            var previous = "genesis";
            while (await reader.ReadAsync(ct))
            {
                count++;
                var seq = reader.GetInt64(0);
                var stored = reader.GetString(2);
                reason = seq != count ? "position_missing"
                    : reader.GetString(1) != previous ? "link_broken"
                    : stored != reader.GetString(3) ? "content_changed"
                    : null;
                if (reason is null && byPosition.TryGetValue(seq, out var vouched))
                {
                    if (vouched.All(h => h == stored))
                    {
                        lastGood = seq;
                    }
                    else
                    {
                        reason = "checkpoint_mismatch";
                    }
                }

                if (reason is not null)
                {
                    // A rewritten chain holds together: what is known is only that it differs from the last good checkpoint on.
                    broken = reason == "checkpoint_mismatch" ? (lastGood ?? 0) + 1 : count;
                    break;
                }

                previous = stored;
            }
        }

        if (reason is null && signed.Count > 0 && signed.Max(c => c.Seq) > count)
        {
            reason = "tail_missing";
            broken = count + 1;
        }

        if (reason is null && forged)
        {
            reason = "checkpoint_forged";
        }

        return new Result(reason is null, count, broken, reason, lastGood, signed.Count, unchained, tooLong);
    }

    private static async Task<(long Unchained, long TooLong)> UnchainedAsync(NpgsqlDataSource dataSource, TimeSpan limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT count(*), count(*) FILTER (WHERE appended_at < clock_timestamp() - make_interval(secs => $1)) FROM audit.event WHERE seq IS NULL");
        cmd.Parameters.AddWithValue(limit.TotalSeconds);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
