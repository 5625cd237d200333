using PdfSharp.Fonts;

namespace Skillgate.Platform.Pdf;

/// <summary>
/// The one font every report is set in: WenQuanYi Zen Hei (Debian's <c>fonts-wqy-zenhei</c>), whose TrueType outlines hold
/// Chinese, Latin letters and digits alike, so PDFsharp embeds a subset with its Unicode map and <c>pdftotext</c> reads it back
/// (ADR 0019). PDFsharp takes a single face, not a collection: face 0 of the <c>.ttc</c> is copied out into a font of its own.
/// The resolver is process-wide (PDFsharp allows one), set the first time a report is made.
/// </summary>
internal static class PdfFonts
{
    public const string Family = "Skillgate";

    public const string DefaultPath = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

    private static readonly Lock Gate = new();
    private static Resolver? _resolver;

    /// <summary>The font file the configuration names (<c>Skillgate:Pdf:FontPath</c>), else Debian's.</summary>
    public static string PathFrom(IConfiguration configuration) => configuration["Skillgate:Pdf:FontPath"] is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>Loads the font once for the process; throws <see cref="PdfFontMissingException"/> when the file is not there.</summary>
    public static void Ensure(string path)
    {
        lock (Gate)
        {
            if (_resolver is not null)
            {
                return;
            }

            if (!File.Exists(path))
            {
                throw new PdfFontMissingException(path);
            }

            _resolver = new Resolver(FirstFace(File.ReadAllBytes(path)));
            GlobalFontSettings.FontResolver = _resolver;
        }
    }

    /// <summary>A TrueType collection's first face as a font file of its own (table records re-pointed); a plain font as it is.</summary>
    private static byte[] FirstFace(byte[] file)
    {
        if (U32(file, 0) != 0x74746366)
        {
            return file;
        }

        var directory = (int)U32(file, 12);
        var tables = (file[directory + 4] << 8) | file[directory + 5];
        var position = 12 + (16 * tables);
        var face = new byte[position + Enumerable.Range(0, tables).Sum(i => ((int)U32(file, directory + 24 + (16 * i)) + 3) & ~3)];
        Array.Copy(file, directory, face, 0, position);
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + (16 * i);
            var offset = (int)U32(file, directory + record + 8);
            var length = (int)U32(file, directory + record + 12);
            Array.Copy(file, offset, face, position, length);
            face[record + 8] = (byte)(position >> 24);
            face[record + 9] = (byte)(position >> 16);
            face[record + 10] = (byte)(position >> 8);
            face[record + 11] = (byte)position;
            position += (length + 3) & ~3;
        }

        return face;
    }

    private static uint U32(byte[] b, int i) => (uint)((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);

    /// <summary>Every family and style is the one face; bold is drawn by PDFsharp (the font has no bold face).</summary>
    private sealed class Resolver(byte[] face) : IFontResolver
    {
        public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            new("skillgate-regular", isBold ? PdfSharp.Drawing.XStyleSimulations.BoldSimulation : PdfSharp.Drawing.XStyleSimulations.None);

        public byte[] GetFont(string faceName) => face;
    }
}

/// <summary>The report font is not installed: reports cannot be made until it is (the health page says so too).</summary>
internal sealed class PdfFontMissingException(string path) : Exception($"The PDF font {path} is missing (apt-get install fonts-wqy-zenhei, or set Skillgate:Pdf:FontPath)")
{
    public string Path { get; } = path;
}
