using System.Globalization;
using System.Text;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// A JPEG file with a real EXIF block (capture time with offset, optionally the software and modify time) written byte by byte,
/// so the server's EXIF reading is tested on a file it parses, not on a mock. Without <c>photo</c> there is no picture (metadata
/// only); with a real JPEG photo its picture follows the EXIF block.
/// </summary>
public static class ExifJpeg
{
    public static byte[] Create(DateTimeOffset taken, string? software = null, DateTimeOffset? modified = null, string salt = "", byte[]? photo = null)
    {
        var ifd0 = new List<(ushort Tag, ushort Type, uint Count, byte[] Data)>();
        if (software is not null)
        {
            ifd0.Add((0x0131, 2, 0, Ascii(software)));
        }

        if (modified is { } m)
        {
            ifd0.Add((0x0132, 2, 0, Ascii(Format(m))));
        }

        ifd0.Add((0x8769, 4, 1, new byte[4]));
        var exif = new List<(ushort Tag, ushort Type, uint Count, byte[] Data)>
        {
            (0x9003, 2, 0, Ascii(Format(taken))),
            (0x9011, 2, 0, Ascii(taken.Offset < TimeSpan.Zero ? "-" + taken.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture) : "+" + taken.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture))),
        };
        var ifd0Size = Size(ifd0);
        var exifOffset = 8 + ifd0Size;
        ifd0[^1] = (0x8769, 4, 1, BitConverter.GetBytes((uint)exifOffset));
        var tiff = new List<byte> { (byte)'I', (byte)'I', 0x2A, 0x00, 8, 0, 0, 0 };
        tiff.AddRange(Block(ifd0, 8));
        tiff.AddRange(Block(exif, exifOffset));

        var jpeg = new List<byte> { 0xFF, 0xD8 };
        var app1 = Encoding.ASCII.GetBytes("Exif\0\0").Concat(tiff).ToArray();
        jpeg.AddRange([0xFF, 0xE1, (byte)((app1.Length + 2) >> 8), (byte)((app1.Length + 2) & 0xFF)]);
        jpeg.AddRange(app1);
        var comment = Encoding.UTF8.GetBytes("skillgate-test " + salt);
        jpeg.AddRange([0xFF, 0xFE, (byte)((comment.Length + 2) >> 8), (byte)((comment.Length + 2) & 0xFF)]);
        jpeg.AddRange(comment);
        jpeg.AddRange(photo is null ? [0xFF, 0xD9] : photo[2..]);
        return [.. jpeg];
    }

    private static string Format(DateTimeOffset at) => at.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static byte[] Ascii(string text) => [.. Encoding.ASCII.GetBytes(text), 0];

    private static int Size(List<(ushort Tag, ushort Type, uint Count, byte[] Data)> entries) =>
        2 + (12 * entries.Count) + 4 + entries.Where(e => e.Data.Length > 4).Sum(e => e.Data.Length);

    /// <summary>An IFD at the given offset from the TIFF header: entries, next-IFD 0, then the values longer than 4 bytes.</summary>
    private static List<byte> Block(List<(ushort Tag, ushort Type, uint Count, byte[] Data)> entries, int offset)
    {
        var block = new List<byte>(BitConverter.GetBytes((ushort)entries.Count));
        var dataOffset = offset + 2 + (12 * entries.Count) + 4;
        var data = new List<byte>();
        foreach (var (tag, type, count, value) in entries)
        {
            block.AddRange(BitConverter.GetBytes(tag));
            block.AddRange(BitConverter.GetBytes(type));
            block.AddRange(BitConverter.GetBytes(type == 2 ? (uint)value.Length : count));
            if (value.Length > 4)
            {
                block.AddRange(BitConverter.GetBytes((uint)(dataOffset + data.Count)));
                data.AddRange(value);
            }
            else
            {
                block.AddRange(value.Concat(new byte[4 - value.Length]));
            }
        }

        block.AddRange(new byte[4]);
        block.AddRange(data);
        return block;
    }
}
