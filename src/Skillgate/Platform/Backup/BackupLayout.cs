using System.Text.RegularExpressions;

namespace Skillgate.Platform.Backup;

/// <summary>The names an archive may hold, and where each comes from in a data folder; nothing else is written on restore.</summary>
internal static partial class BackupLayout
{
    public const string Dump = "database.dump";

    public const string Checkpoints = "audit/checkpoints.jsonl";

    /// <summary>The data folder's sub-folders that go into a backup (the cluster itself goes as a dump, backups not at all).</summary>
    public static readonly IReadOnlyList<string> Folders = ["keys", "files", "imports"];

    public static bool IsAllowed(string name) =>
        name is Dump or Checkpoints or BackupManifest.EntryName || FolderEntry().IsMatch(name);

    /// <summary>A store file whose name is the SHA-256 of its content.</summary>
    public static string? StoredSha(string name) => StoreEntry().Match(name) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"^(keys|imports)/[A-Za-z0-9][A-Za-z0-9._-]{0,200}$|^files/[0-9a-f]{2}/[0-9a-f]{64}$")]
    private static partial Regex FolderEntry();

    [GeneratedRegex(@"^files/[0-9a-f]{2}/([0-9a-f]{64})$")]
    private static partial Regex StoreEntry();
}
