using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;

namespace Skillgate.Platform.Files;

/// <summary>
/// Whether a picture or video is built the way its first bytes claim, read from its headers only (cheap, also for a 200 MB video):
/// a JPEG or PNG whose header decodes to a size, an MP4 whose boxes fill the file exactly with the movie header in its 'moov', a
/// WebM whose EBML header is followed by its segment. A truncated or scrambled file fails here and is refused before it is stored.
/// </summary>
internal static class MediaCheck
{
    private static readonly Configuration Pictures = new(new JpegConfigurationModule(), new PngConfigurationModule());

    public static bool IsWellFormed(string kind, Stream content) => kind switch
    {
        FileKinds.Jpeg or FileKinds.Png => IsPicture(content),
        FileKinds.Mp4 => IsMp4(content),
        FileKinds.WebM => IsWebM(content),
        _ => true,
    };

    private static bool IsPicture(Stream content)
    {
        try
        {
            return Image.Identify(Pictures, content) is { Width: > 0, Height: > 0 };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Top-level boxes from 'ftyp' to the end of the file, none past it, and a 'moov' holding an 'mvhd'.</summary>
    private static bool IsMp4(Stream content)
    {
        var movie = false;
        var first = true;
        foreach (var (type, start, end) in Boxes(content, 0, content.Length))
        {
            if (type is null || (first && type != "ftyp"))
            {
                return false;
            }

            if (type == "moov")
            {
                var children = Boxes(content, start, end).ToList();
                if (children.Any(c => c.Type is null) || !children.Any(c => c.Type == "mvhd"))
                {
                    return false;
                }

                movie = true;
            }

            first = false;
        }

        return movie;
    }

    /// <summary>The boxes between two offsets: type and payload range; a box that does not fit ends the list with a null type.</summary>
    private static IEnumerable<(string? Type, long Start, long End)> Boxes(Stream content, long from, long to)
    {
        var header = new byte[16];
        for (var at = from; at < to;)
        {
            content.Position = at;
            if (to - at < 8 || content.ReadAtLeast(header.AsSpan(0, 8), 8, throwOnEndOfStream: false) < 8)
            {
                yield return (null, 0, 0);
                yield break;
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerSize = 8;
            if (size == 1)
            {
                if (to - at < 16 || content.ReadAtLeast(header.AsSpan(8, 8), 8, throwOnEndOfStream: false) < 8)
                {
                    yield return (null, 0, 0);
                    yield break;
                }

                size = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(8));
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = to - at;
            }

            if (size < headerSize || size > to - at)
            {
                yield return (null, 0, 0);
                yield break;
            }

            yield return (System.Text.Encoding.Latin1.GetString(header, 4, 4), at + headerSize, at + size);
            at += size;
        }
    }

    /// <summary>The EBML header (its size a valid length inside the file), then the Matroska segment.</summary>
    private static bool IsWebM(Stream content)
    {
        var head = new byte[4096];
        var length = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (length < 5)
        {
            return false;
        }

        var width = System.Numerics.BitOperations.LeadingZeroCount((uint)head[4]) - 24 + 1;
        if (head[4] == 0 || width > 8 || 4 + width > length)
        {
            return false;
        }

        long size = head[4] & (0xFF >> width);
        for (var i = 1; i < width; i++)
        {
            size = (size << 8) | head[4 + i];
        }

        var segment = 4 + width + size;
        return segment + 4 <= length && head.AsSpan((int)segment, 4).SequenceEqual(new byte[] { 0x18, 0x53, 0x80, 0x67 });
    }
}
