using System.Buffers.Binary;
using System.Text;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// The smallest MP4 a reader accepts: an 'ftyp' box and a 'moov' box with its movie header ('mvhd') holding the creation time
/// (seconds since 1904, UTC), written byte by byte so the server's video metadata reading is tested on a file it parses.
/// </summary>
public static class Mp4File
{
    public static byte[] Create(DateTimeOffset created)
    {
        var seconds = (uint)(created.UtcDateTime - new DateTime(1904, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        var mvhd = new byte[100];
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(4), seconds);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(8), seconds);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(12), 1000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(16), 60_000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(20), 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(mvhd.AsSpan(24), 0x0100);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(36), 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(52), 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(68), 0x40000000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(96), 2);
        var ftyp = Box("ftyp", [.. Encoding.ASCII.GetBytes("isom"), 0, 0, 2, 0, .. Encoding.ASCII.GetBytes("isommp41")]);
        return [.. ftyp, .. Box("moov", Box("mvhd", mvhd))];
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }
}
