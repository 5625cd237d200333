using System.IO.Compression;
using System.Text;
using System.Xml;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Platform.Excel;

/// <summary>
/// The parts of an .xlsx file (a zip), read only within <see cref="XlsxLimits"/>: the central directory's declared sizes are checked
/// when it is opened, and every byte unpacked afterwards is counted (per part and in total), since a declared size may lie. A part
/// with a DTD is refused before anything is parsed, and every XML reader prohibits DTDs and resolves nothing (no XXE, no
/// billion laughs). Every refusal is a 400 on the <c>file</c> field in the caller's language.
/// </summary>
internal sealed class XlsxPackage : IDisposable
{
    /// <summary>More parts than any workbook has (a few per sheet: the sheet, its drawing, comments, printer settings).</summary>
    private const int MaxParts = 10_000;

    /// <summary>How much of each XML part is looked at for a DTD when the file is opened (a DTD precedes the root element).</summary>
    private const int PrologBytes = 4096;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _parts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How far each part has been unpacked: a part read twice counts once towards the total.</summary>
    private readonly Dictionary<string, long> _unpacked = new(StringComparer.OrdinalIgnoreCase);

    private readonly Texts _t;
    private long _total;

    private XlsxPackage(ZipArchive zip, XlsxLimits limits, Texts t)
    {
        _zip = zip;
        Limits = limits;
        _t = t;
    }

    public XlsxLimits Limits { get; }

    /// <summary>Whether the content starts like a zip file (and so must be a workbook); the position is put back.</summary>
    public static bool IsZip(Stream content)
    {
        Span<byte> magic = stackalloc byte[4];
        var start = content.Position;
        var read = content.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        content.Position = start;
        return read == 4 && magic.SequenceEqual("PK\u0003\u0004"u8);
    }

    /// <param name="content">A seekable stream (a zip is read from its end); it stays open.</param>
    public static XlsxPackage Open(Stream content, XlsxLimits limits, Texts t)
    {
        if (!content.CanSeek)
        {
            throw new ArgumentException("A workbook is read from a seekable stream.", nameof(content));
        }

        if (!IsZip(content))
        {
            throw Refusal(t, "import.not_excel");
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            _ = zip.Entries.Count;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Refusal(t, "import.not_excel");
        }

        var package = new XlsxPackage(zip, limits, t);
        try
        {
            package.CheckDirectory();
            package.RefuseDtds();
            return package;
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }

    public bool Contains(string part) => _parts.ContainsKey(part);

    /// <summary>A part's XML, unpacked within <paramref name="maxBytes"/> (its declared size is checked first).</summary>
    public XmlReader Xml(string part, long maxBytes)
    {
        if (!_parts.TryGetValue(part, out var entry))
        {
            throw Refuse("import.not_excel");
        }

        if (entry.Length > maxBytes)
        {
            throw Refuse("spreadsheet.part_too_large", part, XlsxLimits.InMegabytes(maxBytes));
        }

        return XmlReader.Create(Open(entry, maxBytes), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true, CloseInput = true,
        });
    }

    /// <summary>The relationships of a part (of the package itself for ""): id → (type, the target part's name), external targets left out.</summary>
    public Dictionary<string, (string Type, string Target)> Relationships(string part)
    {
        var slash = part.LastIndexOf('/');
        var rels = slash < 0 ? $"_rels/{part}.rels" : $"{part[..slash]}/_rels/{part[(slash + 1)..]}.rels";
        var found = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (!Contains(rels))
        {
            return found;
        }

        using var reader = Xml(rels, Limits.MaxPartBytes);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.GetAttribute("TargetMode") != "External"
                && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
            {
                found.TryAdd(id, (reader.GetAttribute("Type") ?? "", Resolve(slash < 0 ? "" : part[..slash], target)));
            }
        }

        return found;
    }

    /// <summary>A refusal of this file: 400 on the <c>file</c> field.</summary>
    public ValidationFailedException Refuse(string key, params object[] args) => Refusal(_t, key, args);

    public static ValidationFailedException Refusal(Texts t, string key, params object[] args) =>
        new(new Dictionary<string, string[]> { ["file"] = [t[key, args].Value] });

    public void Dispose() => _zip.Dispose();

    /// <summary>"xl" + "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml"; "/xl/a.xml" is from the root; ".." goes up.</summary>
    private static string Resolve(string folder, string target)
    {
        var segments = new List<string>();
        var path = target.StartsWith('/') ? target : folder.Length == 0 ? target : folder + "/" + target;
        foreach (var segment in Uri.UnescapeDataString(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>Before anything is unpacked: the number of parts and their declared sizes.</summary>
    private void CheckDirectory()
    {
        if (_zip.Entries.Count > MaxParts)
        {
            throw Refuse("spreadsheet.too_many_parts", MaxParts);
        }

        var largest = Math.Max(Limits.MaxSheetBytes, Limits.MaxPartBytes);
        long declared = 0;
        foreach (var entry in _zip.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            if (entry.Length > largest)
            {
                throw Refuse("spreadsheet.part_too_large", entry.FullName, XlsxLimits.InMegabytes(largest));
            }

            declared += entry.Length;
            if (declared > Limits.MaxTotalBytes)
            {
                throw Refuse("spreadsheet.total_too_large", XlsxLimits.InMegabytes(Limits.MaxTotalBytes));
            }

            if (!_parts.TryAdd(entry.FullName.TrimStart('/'), entry))
            {
                throw Refuse("import.not_excel");
            }
        }
    }

    /// <summary>Every XML part's prolog: a DTD (the door to external entities and entity expansion) refuses the file.</summary>
    private void RefuseDtds()
    {
        var head = new byte[PrologBytes];
        foreach (var (name, entry) in _parts.Where(p => p.Key.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || p.Key.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)))
        {
            int length;
            try
            {
                using var stream = Open(entry, Math.Max(Limits.MaxSheetBytes, Limits.MaxPartBytes));
                length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw Refuse("spreadsheet.damaged", name);
            }

            // ASCII markup reads the same in UTF-8 and, without its zero bytes, in UTF-16.
            var prolog = Encoding.Latin1.GetString(head, 0, length).Replace("\0", "", StringComparison.Ordinal);
            if (prolog.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || prolog.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
            {
                throw Refuse("spreadsheet.dtd", name);
            }
        }
    }

    private CountedStream Open(ZipArchiveEntry entry, long maxBytes) => new CountedStream(entry.Open(), this, entry.FullName.TrimStart('/'), maxBytes);

    /// <summary>Counts what a part has unpacked so far; past its limit or the file's total the file is refused.</summary>
    private void Unpacked(string part, long position, long maxBytes)
    {
        if (position > maxBytes)
        {
            throw Refuse("spreadsheet.part_too_large", part, XlsxLimits.InMegabytes(maxBytes));
        }

        var before = _unpacked.GetValueOrDefault(part);
        if (position <= before)
        {
            return;
        }

        _unpacked[part] = position;
        _total += position - before;
        if (_total > Limits.MaxTotalBytes)
        {
            throw Refuse("spreadsheet.total_too_large", XlsxLimits.InMegabytes(Limits.MaxTotalBytes));
        }
    }

    /// <summary>A part's unpacked bytes, counted as they are read.</summary>
    private sealed class CountedStream(Stream inner, XlsxPackage package, string part, long maxBytes) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            _position += read;
            package.Unpacked(part, _position, maxBytes);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
