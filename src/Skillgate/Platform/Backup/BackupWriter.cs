using System.Formats.Tar;
using System.Security.Cryptography;
using Npgsql;

namespace Skillgate.Platform.Backup;

/// <summary>
/// Writes one backup archive (tar) of a data folder and its database. The order makes the parts agree without stopping the app:
/// the signed checkpoints first (the dump then holds every position they vouch for), then the dump (one snapshot), then the
/// stored files (content-addressed and only ever added, so every file the dump describes is there by then).
/// </summary>
internal static class BackupWriter
{
    public sealed record Sources(string DataPath, string CheckpointFile, string OwnerConnectionString, string Node);

    public static async Task<BackupManifest> WriteAsync(Sources sources, string archive, TimeProvider clock, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(archive))!);
        var partial = archive + ".partial";
        var dump = archive + ".dump.partial";
        var entries = new List<BackupEntry>();
        try
        {
            BackupManifest manifest;
            await using (var output = new FileStream(partial, PrivateFile))
            {
                await using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
                {
                    await AddBytesAsync(tar, BackupLayout.Checkpoints, CompleteLines(sources.CheckpointFile), clock, entries, ct);
                    await AddFolderAsync(tar, sources.DataPath, "keys", entries, ct);
                    var migration = await MigrationAsync(sources.OwnerConnectionString, ct);
                    await PgTools.DumpAsync(sources.OwnerConnectionString, dump, ct);
                    await AddFileAsync(tar, dump, BackupLayout.Dump, entries, ct);
                    await AddFolderAsync(tar, sources.DataPath, "files", entries, ct);
                    await AddFolderAsync(tar, sources.DataPath, "imports", entries, ct);
                    manifest = new BackupManifest(BackupManifest.CurrentFormat, clock.GetUtcNow(), AppVersion, migration, sources.Node, entries);
                    await AddBytesAsync(tar, BackupManifest.EntryName, manifest.ToJson(), clock, null, ct);
                }

                output.Flush(flushToDisk: true);
            }

            File.Move(partial, archive, overwrite: false);
            return manifest;
        }
        finally
        {
            File.Delete(dump);
            File.Delete(partial);
        }
    }

    // The archive holds the key files: readable by this OS user only.
    private static readonly FileStreamOptions PrivateFile = new()
    {
        Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    };

    public static string AppVersion => typeof(BackupWriter).Assembly.GetName().Version?.ToString() ?? "0";

    private static async Task<int> MigrationAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT max(version) FROM platform.schema_migration", connection);
        return await cmd.ExecuteScalarAsync(ct) is int version ? version : 0;
    }

    /// <summary>The log as far as its last whole line: a checkpoint being appended right now is left for the next backup.</summary>
    private static byte[] CompleteLines(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return bytes[..(Array.LastIndexOf(bytes, (byte)'\n') + 1)];
    }

    private static async Task AddFolderAsync(TarWriter tar, string dataPath, string folder, List<BackupEntry> entries, CancellationToken ct)
    {
        var root = Path.Combine(dataPath, folder);
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(dataPath, file).Replace(Path.DirectorySeparatorChar, '/');
            if (BackupLayout.IsAllowed(name))
            {
                await AddFileAsync(tar, file, name, entries, ct);
            }
        }
    }

    private static async Task AddFileAsync(TarWriter tar, string file, string name, List<BackupEntry> entries, CancellationToken ct)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var sha = Convert.ToHexString(await SHA256.HashDataAsync(stream, ct)).ToLowerInvariant();
        stream.Position = 0;
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = stream, ModificationTime = File.GetLastWriteTimeUtc(file) };
        await tar.WriteEntryAsync(entry, ct);
        entries.Add(new BackupEntry(name, stream.Length, sha));
    }

    private static async Task AddBytesAsync(TarWriter tar, string name, byte[] content, TimeProvider clock, List<BackupEntry>? entries, CancellationToken ct)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), ModificationTime = clock.GetUtcNow() };
        await tar.WriteEntryAsync(entry, ct);
        entries?.Add(new BackupEntry(name, content.Length, Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant()));
    }
}
