using System.Text.Json;
using Skillgate.Platform.Files;

namespace Skillgate.Platform.Audit;

/// <summary>
/// Where this node keeps its checkpoints: one JSON line each in <c>checkpoints.jsonl</c> under <c>Skillgate:Audit:CheckpointFolder</c>
/// (default the data folder's <c>audit</c>), signed with <c>Skillgate:Audit:CheckpointKey</c> or the key file
/// <c>keys/audit-checkpoint.key</c> — never the database, so whoever can rewrite the database cannot rewrite these (ADR 0004).
/// </summary>
internal sealed class CheckpointLog : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lazy<byte[]> key;
    private readonly SemaphoreSlim gate = new(1, 1);

    public CheckpointLog(IConfiguration configuration, string dataPath)
    {
        key = new(() => KeyFile.Load(configuration["Skillgate:Audit:CheckpointKey"], "Skillgate:Audit:CheckpointKey", dataPath, "audit-checkpoint.key"));
        var folder = configuration["Skillgate:Audit:CheckpointFolder"] is { Length: > 0 } f ? f : Path.Combine(dataPath, "audit");
        FilePath = Path.Combine(Path.GetFullPath(folder), "checkpoints.jsonl");
    }

    public string FilePath { get; }

    public byte[] Key => key.Value;

    public async Task<AuditCheckpoint> AppendAsync(long seq, string hash, DateTimeOffset at, CancellationToken ct)
    {
        var checkpoint = AuditCheckpoint.Sign(seq, hash, at, Environment.MachineName + "/" + Environment.ProcessId, Key);
        await gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
            await using var writer = new StreamWriter(stream);
            await writer.WriteLineAsync(JsonSerializer.Serialize(checkpoint, Json).AsMemory(), ct);
            // Not fsynced: forcing the file system's journal out stalled the database's own commits (paced check-ins, p99
            // 128–153 ms with it, 9–14 ms without). A machine crash within the write-back delay may lose the newest
            // checkpoint; the next one, and the copy sent out, cover that.
            await writer.FlushAsync(ct);
        }
        finally
        {
            gate.Release();
        }

        return checkpoint;
    }

    /// <summary>Every checkpoint in the file in the order written, and the lines that are not a checkpoint at all.</summary>
    public async Task<(IReadOnlyList<AuditCheckpoint> Checkpoints, int Unreadable)> ReadAsync(CancellationToken ct)
    {
        if (!File.Exists(FilePath))
        {
            return ([], 0);
        }

        var checkpoints = new List<AuditCheckpoint>();
        var unreadable = 0;
        foreach (var line in await File.ReadAllLinesAsync(FilePath, ct))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<AuditCheckpoint>(line, Json) is { Hash: not null, Mac: not null } c)
                {
                    checkpoints.Add(c);
                    continue;
                }
            }
            catch (JsonException)
            {
            }

            unreadable++;
        }

        return (checkpoints, unreadable);
    }

    public void Dispose() => gate.Dispose();
}
