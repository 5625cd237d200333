using System.Text.Json;

namespace Skillgate.Platform.Backup;

/// <summary>What a backup archive holds, written as its last entry <c>manifest.json</c>: every other entry with its size and SHA-256.</summary>
internal sealed record BackupManifest(int Format, DateTimeOffset CreatedAt, string AppVersion, int Migration, string Node, IReadOnlyList<BackupEntry> Entries)
{
    public const string EntryName = "manifest.json";

    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static BackupManifest? Parse(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<BackupManifest>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record BackupEntry(string Path, long Size, string Sha256);

/// <summary>The archive cannot be restored: damaged, incomplete, not a Skillgate backup, or a target that is not empty.</summary>
internal sealed class BackupRefusedException(string message) : Exception(message);
