using System.Security.Cryptography;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Platform.Files;

internal sealed class StoredFile : IAuditedEntity
{
    public Guid Id { get; init; }

    public required string Sha256 { get; init; }

    public long Size { get; init; }

    public required string ContentType { get; init; }

    public required string FileName { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public string AuditEntityName => "file";
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder) => builder.ToTable("stored_file", "platform");
}

/// <summary>The kinds of file Skillgate accepts, recognised by their first bytes, never by their name alone.</summary>
internal static class FileKinds
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    public const string Mp4 = "video/mp4";
    public const string WebM = "video/webm";

    /// <summary>Course videos may be larger than documents and photos.</summary>
    public const long MaxVideoBytes = 200L * 1024 * 1024;

    public static readonly IReadOnlyList<string> Documents = [Pdf, Png, Jpeg];

    public static readonly IReadOnlyList<string> Materials = [Pdf, Png, Jpeg, Mp4, WebM];

    public static readonly IReadOnlyList<string> Images = [Png, Jpeg];

    public static string? Detect(ReadOnlySpan<byte> head) =>
        head.StartsWith("%PDF-"u8) ? Pdf
        : head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? Png
        : head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }) ? Jpeg
        : head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) ? Mp4
        : head.StartsWith(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }) ? WebM
        : null;
}

/// <summary>
/// Stores files content-addressed under &lt;data folder&gt;/files (by SHA-256, so equal content is kept once)
/// and describes them in the database; type, size and structure are checked by content before a file enters the store. A file this
/// unit of work put into the store whose description was not committed (the request failed) is removed when the unit of work ends;
/// <see cref="OrphanFileSweep"/> removes what a crash left behind.
/// </summary>
internal sealed class FileStore(
    PlatformDb db, NpgsqlDataSource dataSource, DatabaseRuntime runtime, AuditActor actor, TimeProvider clock, Texts t, ILogger<FileStore> logger) : IAsyncDisposable
{
    public const long MaxBytes = 50L * 1024 * 1024;

    /// <summary>The name of an upload still being received and checked, in the store's folder.</summary>
    internal const string TempPrefix = "upload-";

    /// <summary>Files this unit of work added to the store, with the time it gave them.</summary>
    private readonly Dictionary<string, DateTime> _placed = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds the file to the unit of work (the caller's SaveChanges commits its description). Pictures and videos must be well formed;
    /// <paramref name="check"/> then reads the content once its kind is known and returns why it is refused, or null. A refused file
    /// is neither kept nor described.
    /// </summary>
    public async Task<StoredFile> SaveAsync(
        Stream content, string fileName, long length, IReadOnlyList<string> allowed, CancellationToken ct, long maxBytes = MaxBytes, Func<string, Stream, string?>? check = null)
    {
        if (length <= 0 || length > maxBytes)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["file"] = [t["files.size", maxBytes / 1024 / 1024]] });
        }

        var folder = Folder(runtime);
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, TempPrefix + Guid.NewGuid().ToString("N"));
        string sha;
        string? kind;
        try
        {
            (sha, kind) = await CopyAsync(content, temp, ct);
            var refusal = kind is null || !allowed.Contains(kind) ? t["files.type"].Value : Refusal(kind, temp, check);
            if (refusal is not null)
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["file"] = [refusal] });
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        var target = PathOf(sha);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var now = clock.GetUtcNow().UtcDateTime;
        if (File.Exists(target))
        {
            File.Delete(temp);
        }
        else
        {
            File.Move(temp, target);
            _placed[sha] = now;
        }

        // The file's time is when it was last stored: the sweep leaves young files alone (their description may be on its way).
        File.SetLastWriteTimeUtc(target, now);
        var stored = new StoredFile
        {
            Id = Guid.CreateVersion7(), Sha256 = sha, Size = length, ContentType = kind!, FileName = Path.GetFileName(fileName),
            CreatedAt = clock.GetUtcNow(), CreatedBy = actor.Current.Name,
        };
        db.Add(stored);
        return stored;
    }

    public async Task<(StoredFile File, Stream Content)?> OpenAsync(Guid id, CancellationToken ct)
    {
        var file = await db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        return file is null || !File.Exists(PathOf(file.Sha256)) ? null : (file, File.OpenRead(PathOf(file.Sha256)));
    }

    /// <summary>The content of a file just saved (also before its record is committed).</summary>
    public Stream OpenRead(StoredFile file) => File.OpenRead(PathOf(file.Sha256));

    /// <summary>
    /// Removes the files this unit of work added whose content no committed row describes (its transaction failed or never came).
    /// A file stored again by someone else meanwhile (its time moved) is left to the sweep.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_placed.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var described = (await connection.QueryAsync<string>(
                "SELECT DISTINCT sha256 FROM platform.stored_file WHERE sha256 = ANY(@shas)", new { shas = _placed.Keys.ToArray() })).ToHashSet(StringComparer.Ordinal);
            foreach (var (sha, placedAt) in _placed.Where(p => !described.Contains(p.Key)))
            {
                var path = PathOf(sha);
                if (File.GetLastWriteTimeUtc(path) == placedAt)
                {
                    File.Delete(path);
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Files of a failed upload were not removed; the orphan sweep removes them later");
        }
        finally
        {
            _placed.Clear();
        }
    }

    internal static string Folder(DatabaseRuntime runtime) => Path.Combine(runtime.DataPath, "files");

    private static async Task<(string Sha, string? Kind)> CopyAsync(Stream content, string temp, CancellationToken ct)
    {
        await using var file = File.Create(temp);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        var head = new byte[16];
        var headLength = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            if (headLength < head.Length)
            {
                var take = Math.Min(read, head.Length - headLength);
                Array.Copy(buffer, 0, head, headLength, take);
                headLength += take;
            }

            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return (Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(), FileKinds.Detect(head.AsSpan(0, headLength)));
    }

    /// <summary>Why the upload is refused: a picture or video that is not well formed, or the caller's reason; null when it is kept.</summary>
    private string? Refusal(string kind, string temp, Func<string, Stream, string?>? check)
    {
        using (var saved = File.OpenRead(temp))
        {
            if (!MediaCheck.IsWellFormed(kind, saved))
            {
                return t[FileKinds.Images.Contains(kind) ? "photos.undecodable" : "files.video_damaged"].Value;
            }
        }

        using var again = File.OpenRead(temp);
        return check?.Invoke(kind, again);
    }

    private string PathOf(string sha) => Path.Combine(Folder(runtime), sha[..2], sha);
}
