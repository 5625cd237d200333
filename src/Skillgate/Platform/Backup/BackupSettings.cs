namespace Skillgate.Platform.Backup;

/// <summary>
/// <c>Skillgate:Backup:*</c>: the folder (default the data folder's <c>backups</c>), how many archives to keep (default 7), and
/// whether the daily backup runs (default: when the database is the embedded one).
/// </summary>
internal sealed record BackupSettings(string Folder, int Keep, bool? Enabled)
{
    public const string FilePrefix = "skillgate-";

    public const string FileSuffix = ".tar";

    public static BackupSettings From(IConfiguration configuration, string dataPath) => new(
        Path.GetFullPath(configuration["Skillgate:Backup:Folder"] is { Length: > 0 } f ? f : Path.Combine(dataPath, "backups")),
        Math.Max(1, configuration.GetValue("Skillgate:Backup:Keep", 7)),
        configuration.GetValue<bool?>("Skillgate:Backup:Enabled"));

    public string NewArchive(DateTimeOffset at) => Path.Combine(Folder, $"{FilePrefix}{at.UtcDateTime:yyyyMMdd-HHmmss}Z{FileSuffix}");

    /// <summary>Removes the oldest archives beyond <see cref="Keep"/>; returns what it removed.</summary>
    public IReadOnlyList<string> Prune()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var old = Directory.GetFiles(Folder, FilePrefix + "*" + FileSuffix).Order(StringComparer.Ordinal).SkipLast(Keep).ToList();
        old.ForEach(File.Delete);
        return old;
    }
}
