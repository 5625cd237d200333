using System.Formats.Tar;
using System.Security.Cryptography;

namespace Skillgate.Platform.Backup;

/// <summary>
/// Unpacks an archive into a staging folder and holds every entry against the manifest (the set of names, each size and
/// SHA-256, and a store file's name against its content) before anything is put in place.
/// </summary>
internal static class BackupReader
{
    public sealed record Unpacked(BackupManifest Manifest, string Staging)
    {
        public string DumpFile => Path.Combine(Staging, BackupLayout.Dump);
    }

    public static async Task<Unpacked> UnpackAsync(string archive, string staging, CancellationToken ct)
    {
        if (!File.Exists(archive))
        {
            throw new BackupRefusedException($"No archive at {archive}.");
        }

        Directory.CreateDirectory(staging);
        var found = new Dictionary<string, BackupEntry>(StringComparer.Ordinal);
        byte[]? manifestJson = null;
        await using (var input = File.OpenRead(archive))
        {
            var tar = new TarReader(input);
            try
            {
                while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
                {
                    if (entry.EntryType is TarEntryType.Directory)
                    {
                        continue;
                    }

                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !BackupLayout.IsAllowed(entry.Name) || found.ContainsKey(entry.Name))
                    {
                        throw new BackupRefusedException($"The archive holds an entry a Skillgate backup does not: {entry.Name}");
                    }

                    if (entry.Name == BackupManifest.EntryName)
                    {
                        using var copy = new MemoryStream();
                        if (entry.DataStream is not null)
                        {
                            await entry.DataStream.CopyToAsync(copy, ct);
                        }

                        manifestJson = copy.ToArray();
                        continue;
                    }

                    found[entry.Name] = await ExtractAsync(entry, Path.Combine(staging, entry.Name), ct);
                }
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw new BackupRefusedException($"The archive is damaged: {e.Message}");
            }
        }

        var manifest = (manifestJson is null ? null : BackupManifest.Parse(manifestJson))
            ?? throw new BackupRefusedException("The archive has no readable manifest: it is incomplete or not a Skillgate backup.");
        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new BackupRefusedException($"The archive's format {manifest.Format} is not one this version reads ({BackupManifest.CurrentFormat}).");
        }

        Check(manifest, found);
        return new Unpacked(manifest, staging);
    }

    private static void Check(BackupManifest manifest, Dictionary<string, BackupEntry> found)
    {
        var listed = manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        if (!listed.ContainsKey(BackupLayout.Dump))
        {
            throw new BackupRefusedException("The manifest lists no database dump.");
        }

        foreach (var (name, expected) in listed)
        {
            if (!found.TryGetValue(name, out var actual))
            {
                throw new BackupRefusedException($"The archive lacks {name}, which its manifest lists.");
            }

            if (actual.Size != expected.Size || actual.Sha256 != expected.Sha256)
            {
                throw new BackupRefusedException($"{name} does not match its checksum in the manifest: the archive is damaged.");
            }

            if (BackupLayout.StoredSha(name) is { } sha && sha != actual.Sha256)
            {
                throw new BackupRefusedException($"The stored file {name} does not hold the content its name says.");
            }
        }

        if (found.Keys.FirstOrDefault(n => !listed.ContainsKey(n)) is { } extra)
        {
            throw new BackupRefusedException($"The archive holds {extra}, which its manifest does not list.");
        }
    }

    private static async Task<BackupEntry> ExtractAsync(TarEntry entry, string target, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var file = File.Create(target))
        {
            if (entry.DataStream is { } data)
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await data.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }
            }
        }

        return new BackupEntry(entry.Name, size, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
    }
}
