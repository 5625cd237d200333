using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Modules.Training.Faces;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Time;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Evidence;

/// <summary>
/// Photos and videos of a session, bound to it and to its check-ins. The server reads the capture time (EXIF, or the MP4 movie
/// header), the content hash and a perceptual hash of photos, and flags
/// what does not fit: no capture time, edited by software, taken before the session, after it or more than an hour before any
/// check-in, the same picture already used for another session or a near-duplicate of one (re-encoded, resized, cropped), fewer
/// faces in it than people checked in (counted by a real face detector). A picture that does not decode, or a file whose
/// metadata cannot be read (a damaged JPEG or MP4), is refused before anything is stored.
/// </summary>
internal sealed class PhotoHandler(
    TrainingDb db, FileStore files, FaceCounter faces, AuditActor actor, PlantTime plantTime, IConfiguration configuration, TimeProvider clock, Texts t)
{
    public const int KioskCaptureMaxBytes = 1024 * 1024;

    private static readonly IReadOnlyList<string> Kinds = [FileKinds.Jpeg, FileKinds.Png, FileKinds.Mp4, FileKinds.WebM];

    public async Task<IReadOnlyList<SessionPhotoDto>> ListAsync(Guid sessionId, CancellationToken ct)
    {
        var photos = await db.Set<SessionPhoto>().AsNoTracking().Where(p => p.SessionId == sessionId).OrderBy(p => p.UploadedAt).ToListAsync(ct);
        var earlier = await EarlierAsync(photos, ct);
        return photos.Select(p => ToDto(p, earlier)).ToList();
    }

    public async Task<SessionPhotoDto> UploadAsync(Guid sessionId, Stream content, string fileName, long length, CancellationToken ct)
    {
        var session = await db.Set<Session>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException("session");
        var maxMegapixels = configuration.GetValue("Skillgate:Training:PhotoMaxMegapixels", 64);
        var plantZone = await plantTime.ZoneOfAsync(session.OrgUnitId, ct);
        PerceptualHash.Value? hash = null;
        PhotoMetadata.Facts? facts = null;
        // Everything the server reads from the file is read before it is stored: a picture that does not decode or metadata that
        // cannot be read refuses the upload and leaves nothing behind.
        var stored = await files.SaveAsync(content, fileName, length, Kinds, ct, FileKinds.MaxVideoBytes, (kind, saved) =>
        {
            var picture = FileKinds.Images.Contains(kind);
            if (picture)
            {
                (hash, var refusal) = PhotoPicture.Read(saved, maxMegapixels * 1_000_000L);
                if (refusal is not null)
                {
                    return t[refusal, maxMegapixels].Value;
                }

                saved.Position = 0;
            }

            facts = PhotoMetadata.Read(saved, kind, plantZone);
            return facts is not null ? null : t[picture ? "photos.undecodable" : "files.video_damaged"].Value;
        });
        var metadata = facts!;

        var checkIns = await db.Set<AttendanceRecord>().Where(a => a.SessionId == sessionId && a.Kind == "in")
            .GroupBy(a => a.SessionId).Select(g => new { First = g.Min(a => a.At), Count = g.Count() }).FirstOrDefaultAsync(ct);
        var faceCount = FileKinds.Images.Contains(stored.ContentType) && stored.Size <= FileStore.MaxBytes ? await CountFacesAsync(stored, ct) : null;
        var tolerance = Math.Clamp(configuration.GetValue("Skillgate:Training:FaceCountTolerance", 0.2), 0, 1);
        var reused = await UsedElsewhereAsync(stored.Sha256, sessionId, ct);
        // An exact copy is flagged as reused only; near-duplicates are looked for among the other pictures.
        var similarTo = hash is { } h && !reused ? await SimilarElsewhereAsync(h, sessionId, ct) : null;
        var afterSession = TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:PhotoAfterSessionMinutes", 30));
        var photo = new SessionPhoto
        {
            Id = Guid.CreateVersion7(), SessionId = sessionId, FileId = stored.Id, Media = FileKinds.Images.Contains(stored.ContentType) ? "photo" : "video", Sha256 = stored.Sha256, CapturedAt = metadata.CapturedAt, Software = metadata.Software,
            FaceCount = faceCount, CheckedIn = checkIns?.Count ?? 0, UploadedBy = actor.Current.Name, UploadedAt = clock.GetUtcNow(),
            Phash = hash?.Whole, PhashInner = hash?.Inner, SimilarTo = similarTo,
            Flags =
            [
                .. PhotoFlags.For(metadata, session.StartsAt, session.EndsAt + afterSession, checkIns?.First, reused, similarTo is not null),
                .. PhotoFlags.ForFaces(faceCount, checkIns?.Count ?? 0, tolerance),
            ],
        };
        db.Add(photo);
        await db.SaveChangesAsync(ct);
        return ToDto(photo, await EarlierAsync([photo], ct));
    }

    /// <summary>
    /// The still a kiosk took with a face check-in: its time is the kiosk's time of the check-in (a camera frame has no EXIF), it
    /// shows one person, so no face in it is flagged, and the same picture in another session is flagged as for any photo.
    /// </summary>
    public async Task AddKioskCaptureAsync(Guid sessionId, byte[] jpeg, DateTimeOffset takenAt, CancellationToken ct)
    {
        using var content = new MemoryStream(jpeg);
        var stored = await files.SaveAsync(content, "kiosk-capture.jpg", jpeg.Length, FileKinds.Images, ct, KioskCaptureMaxBytes);
        var faceCount = await faces.CountAsync(jpeg, ct);
        var reused = await UsedElsewhereAsync(stored.Sha256, sessionId, ct);
        db.Add(new SessionPhoto
        {
            Id = Guid.CreateVersion7(), SessionId = sessionId, FileId = stored.Id, Media = "photo", Sha256 = stored.Sha256, CapturedAt = takenAt, FaceCount = faceCount,
            CheckedIn = 1, UploadedBy = actor.Current.Name, UploadedAt = clock.GetUtcNow(),
            Flags = [.. PhotoFlags.ForFaces(faceCount, 1, 0), .. reused ? new[] { "photo_reused" } : []],
        });
        await db.SaveChangesAsync(ct);
    }

    private Task<bool> UsedElsewhereAsync(string sha256, Guid sessionId, CancellationToken ct) =>
        db.Set<SessionPhoto>().AnyAsync(p => p.Sha256 == sha256 && p.SessionId != sessionId, ct);

    /// <summary>
    /// The first photo of another session within the similarity distance: where the picture was used first. Kiosk stills and
    /// videos have no hash and are not compared.
    /// </summary>
    private async Task<Guid?> SimilarElsewhereAsync(PerceptualHash.Value hash, Guid sessionId, CancellationToken ct)
    {
        var found = await db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value"
            FROM training.session_photo
            WHERE session_id <> {sessionId} AND phash IS NOT NULL
              AND least(bit_count((phash # {hash.Whole})::bit(64)), bit_count((phash_inner # {hash.Whole})::bit(64)),
                        bit_count((phash # {hash.Inner})::bit(64))) <= {PerceptualHash.SimilarDistance}
            ORDER BY uploaded_at, id
            LIMIT 1
            """).ToListAsync(ct);
        return found.Count == 0 ? null : found[0];
    }

    private async Task<Dictionary<Guid, EarlierPhoto>> EarlierAsync(IReadOnlyList<SessionPhoto> photos, CancellationToken ct)
    {
        var ids = photos.Select(p => p.SimilarTo).OfType<Guid>().Distinct().ToList();
        return ids.Count == 0
            ? []
            : await (from p in db.Set<SessionPhoto>()
                     join s in db.Set<Session>() on p.SessionId equals s.Id
                     where ids.Contains(p.Id)
                     select new EarlierPhoto(p.Id, s.Id, s.Title)).ToDictionaryAsync(e => e.PhotoId, ct);
    }

    private async Task<int?> CountFacesAsync(Platform.Files.StoredFile stored, CancellationToken ct)
    {
        await using var saved = files.OpenRead(stored);
        var bytes = new byte[saved.Length];
        await saved.ReadExactlyAsync(bytes, ct);
        return await faces.CountAsync(bytes, ct);
    }

    private static SessionPhotoDto ToDto(SessionPhoto p, Dictionary<Guid, EarlierPhoto> earlier)
    {
        var linked = p.SimilarTo is { } id ? earlier.GetValueOrDefault(id) : null;
        return new(p.Id, p.FileId, p.Media, p.CapturedAt, p.Software, p.FaceCount, p.CheckedIn, p.UploadedBy, p.UploadedAt, p.Flags, p.SimilarTo, linked?.SessionId, linked?.SessionTitle);
    }

    private sealed record EarlierPhoto(Guid PhotoId, Guid SessionId, string SessionTitle);
}

/// <summary>The rules that flag a session photo.</summary>
internal static class PhotoFlags
{
    /// <param name="latestCapture">The session's end plus the tolerance for pictures taken as people leave.</param>
    public static IEnumerable<string> For(
        PhotoMetadata.Facts facts, DateTimeOffset sessionStart, DateTimeOffset latestCapture, DateTimeOffset? firstCheckIn, bool usedElsewhere, bool similarElsewhere)
    {
        if (facts.CapturedAt is null)
        {
            yield return "no_capture_time";
        }
        else if (facts.CapturedAt < sessionStart)
        {
            yield return "before_session";
        }
        else if (facts.CapturedAt > latestCapture)
        {
            yield return "after_session";
        }
        else if (firstCheckIn is { } first && facts.CapturedAt < first - TimeSpan.FromHours(1))
        {
            yield return "long_before_check_ins";
        }

        if (facts.Edited)
        {
            yield return "edited";
        }

        if (usedElsewhere)
        {
            yield return "photo_reused";
        }

        if (similarElsewhere)
        {
            yield return "photo_similar";
        }
    }

    /// <summary>
    /// Fewer faces than people checked in when the photo was uploaded, beyond the tolerance (a share of the check-ins: some people
    /// turn away or stand at the edge). Unknown counts (no detector) raise nothing here.
    /// </summary>
    public static IEnumerable<string> ForFaces(int? faces, int checkedIn, double tolerance)
    {
        if (faces is { } found && found < checkedIn * (1 - tolerance))
        {
            yield return "fewer_faces";
        }
    }
}
