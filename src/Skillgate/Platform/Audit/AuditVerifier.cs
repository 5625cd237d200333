using Npgsql;

namespace Skillgate.Platform.Audit;

/// <summary>Walks the audit chain in order and reports the first row whose hash or link does not hold.</summary>
internal static class AuditVerifier
{
    public sealed record Result(bool Intact, long RowsChecked, long? FirstBrokenSeq, string? Reason);

    public static async Task<Result> VerifyAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT seq, prev_hash, hash, audit.event_hash(e) FROM audit.event e ORDER BY seq");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var previous = "genesis";
        long count = 0;
        while (await reader.ReadAsync(ct))
        {
            count++;
            var seq = reader.GetInt64(0);
            var prev = reader.GetString(1);
            var stored = reader.GetString(2);
            var computed = reader.GetString(3);
            if (prev != previous)
            {
                return new Result(false, count, seq, "the link to the previous row is broken (a row was removed or reordered)");
            }

            if (stored != computed)
            {
                return new Result(false, count, seq, "the row's content does not match its hash (the row was changed)");
            }

            previous = stored;
        }

        return new Result(true, count, null, null);
    }
}
