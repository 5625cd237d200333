using Dapper;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Audit;

/// <summary>
/// Places appended audit rows in the chain (<c>audit.sequence</c>, one node at a time) and signs checkpoints of its head into
/// this node's <see cref="CheckpointLog"/>: every <c>Skillgate:Audit:CheckpointRecords</c> records (default 1,000) or, when
/// anything was added, every <c>Skillgate:Audit:CheckpointMinutes</c> (default 10).
/// </summary>
internal sealed class AuditChain(NpgsqlDataSource dataSource, CheckpointLog log, TimeProvider clock, IConfiguration configuration) : IDisposable
{
    private const int Batch = 5000;
    private readonly SemaphoreSlim gate = new(1, 1);
    private AuditCheckpoint? last;
    private bool lastRead;

    public sealed record Head(long Seq, string Hash);

    /// <summary>Chains every committed row not yet placed; -1 when another node's sequencer is at it now.</summary>
    public async Task<int> SequenceAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        var total = 0;
        while (true)
        {
            var done = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT audit.sequence(@Batch)", new { Batch }, cancellationToken: ct));
            if (done < 0)
            {
                return total == 0 ? -1 : total;
            }

            total += done;
            if (done < Batch)
            {
                return total;
            }
        }
    }

    public async Task<Head?> HeadAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenSystemAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Head>(new CommandDefinition(
            "SELECT seq, hash FROM audit.event WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1", cancellationToken: ct));
    }

    /// <summary>Signs a checkpoint of the head when one is due (or, with <paramref name="force"/>, whenever the head moved on).</summary>
    /// <returns>The checkpoint written (with <paramref name="force"/>: else the newest, which covers the head), or null.</returns>
    public async Task<AuditCheckpoint?> CheckpointAsync(bool force, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (!lastRead)
            {
                var (written, _) = await log.ReadAsync(ct);
                last = written.Where(c => c.IsSignedWith(log.Key)).MaxBy(c => c.Seq);
                lastRead = true;
            }

            if (await HeadAsync(ct) is not { } head)
            {
                return null;
            }

            if (head.Seq <= (last?.Seq ?? 0))
            {
                return force ? last : null;
            }

            var now = clock.GetUtcNow();
            var due = force
                || head.Seq - (last?.Seq ?? 0) >= configuration.GetValue("Skillgate:Audit:CheckpointRecords", 1000)
                || last is null
                || now - last.At >= TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Audit:CheckpointMinutes", 10.0));
            if (!due)
            {
                return null;
            }

            last = await log.AppendAsync(head.Seq, head.Hash, now, ct);
            return last;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
