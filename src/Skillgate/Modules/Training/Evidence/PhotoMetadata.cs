using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.QuickTime;
using Skillgate.Platform.Files;
using Skillgate.Platform.Time;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Training.Evidence;

/// <summary>
/// What a photo or video says about itself: the EXIF capture time (with its offset when recorded) and the software that last wrote
/// it, or an MP4's creation time from its movie header (UTC by the format).
/// </summary>
internal static class PhotoMetadata
{
    /// <summary>Editors whose name in the EXIF Software tag means the picture was reworked after it was taken.</summary>
    private static readonly string[] Editors = ["photoshop", "gimp", "lightroom", "snapseed", "meitu", "美图", "picsart", "paint", "pixlr", "canva", "醒图", "photoscape"];

    public sealed record Facts(DateTimeOffset? CapturedAt, string? Software, bool Edited);

    /// <summary>
    /// Reads the facts of a JPEG, PNG or MP4 (a WebM has none: it is flagged for it); null when the file's structure cannot be read
    /// (e.g. a marker inside a JPEG's Huffman table, an MP4 box running past its parent): such a file is damaged and refused.
    /// </summary>
    public static Facts? Read(Stream content, string kind, TimeZoneInfo plantZone)
    {
        if (kind == FileKinds.WebM)
        {
            return new Facts(null, null, false);
        }

        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(content);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }

        if (directories.OfType<QuickTimeMovieHeaderDirectory>().FirstOrDefault() is { } movie)
        {
            return new Facts(movie.TryGetDateTime(QuickTimeMovieHeaderDirectory.TagCreated, out var created) && created.Year > 1904
                ? Utc(created) : null, null, false);
        }

        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var exif = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var software = ifd0?.GetDescription(ExifDirectoryBase.TagSoftware)?.Trim();
        DateTimeOffset? captured = null;
        if (exif is not null && exif.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var local))
        {
            var offsetText = exif.GetDescription(ExifDirectoryBase.TagTimeZoneOriginal);
            // A camera that does not write its offset set its clock to the wall clock of the plant the session is in.
            captured = offsetText is not null && TimeSpan.TryParseExact(offsetText.TrimStart('+'), @"hh\:mm", CultureInfo.InvariantCulture, out var parsed)
                ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offsetText.StartsWith('-') ? -parsed : parsed).ToUniversalTime()
                : LocalDays.InstantOf(plantZone, local).ToUniversalTime();
        }

        var modified = ifd0 is not null && ifd0.TryGetDateTime(ExifDirectoryBase.TagDateTime, out var changed) && exif is not null &&
                       exif.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var original) && changed > original.AddMinutes(1);
        var edited = modified || (software is not null && Editors.Any(e => software.Contains(e, StringComparison.OrdinalIgnoreCase)));
        return new Facts(captured, string.IsNullOrEmpty(software) ? null : software, edited);
    }
}
