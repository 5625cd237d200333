using System.Globalization;
using System.Text;
using System.Xml;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Excel;

/// <summary>A sheet row: its 1-based row number and cell texts by 0-based column.</summary>
internal sealed record XlsxRow(int Number, IReadOnlyDictionary<int, string> Cells)
{
    public string? this[int column] => Cells.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
}

/// <summary>
/// Reads .xlsx sheets row by row from a stream of their XML, within <see cref="XlsxLimits"/>: opening checks that the content really
/// is a workbook, the zip's declared sizes, every part's prolog for a DTD and every sheet's declared dimension; reading counts the
/// unpacked bytes, the rows and the columns. Whatever is refused or cannot be read is a 400 on the <c>file</c> field.
/// </summary>
internal sealed class XlsxReader : IDisposable
{
    private readonly XlsxPackage _package;
    private readonly List<(string Name, string? Part)> _sheets = [];
    private readonly string[] _sharedStrings = [];
    private readonly HashSet<uint> _dateStyles = [];

    private XlsxReader(XlsxPackage package)
    {
        _package = package;
        var workbook = package.Relationships("").Values.FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target;
        if (workbook is null || !package.Contains(workbook))
        {
            throw package.Refuse("import.not_excel");
        }

        var parts = package.Relationships(workbook);
        if (!Parse(workbook, package.Limits.MaxPartBytes, xml => ReadSheets(xml, parts)))
        {
            throw package.Refuse("import.not_excel");
        }

        if (parts.Values.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target is { } shared && package.Contains(shared))
        {
            _sharedStrings = Parse(shared, package.Limits.MaxPartBytes, ReadSharedStrings);
        }

        if (parts.Values.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target is { } styles && package.Contains(styles))
        {
            _dateStyles = Parse(styles, package.Limits.MaxPartBytes, ReadDateStyles);
        }

        foreach (var (name, part) in _sheets.Where(s => s.Part is not null))
        {
            Parse(part!, package.Limits.MaxSheetBytes, xml => CheckDimension(xml, name));
        }
    }

    /// <summary>Opens the content as a workbook, or refuses it (400) when it is not one or exceeds the limits.</summary>
    /// <param name="content">A seekable stream; it stays open.</param>
    public static XlsxReader Open(Stream content, XlsxLimits limits, Texts t)
    {
        var package = XlsxPackage.Open(content, limits, t);
        try
        {
            return new XlsxReader(package);
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> SheetNames => _sheets.Select(s => s.Name).ToList();

    public IEnumerable<XlsxRow> Rows(string sheetName)
    {
        var part = _sheets.First(s => s.Name == sheetName).Part;
        if (part is null)
        {
            yield break;
        }

        using var sheet = new SheetReader(Guard(part, () => _package.Xml(part, _package.Limits.MaxSheetBytes)), this, sheetName);
        while (Guard(part, sheet.Next) is { } row)
        {
            yield return row;
        }
    }

    /// <summary>"AB12" → 27.</summary>
    internal static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            index = (index * 26) + (c - 'A' + 1);
        }

        return index - 1;
    }

    /// <summary>27 → "AB".</summary>
    internal static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            name = (char)('A' + ((i - 1) % 26)) + name;
        }

        return name;
    }

    public void Dispose() => _package.Dispose();

    /// <summary>The column of a cell reference; a reference longer than Excel's (XFD) is past any limit, one without letters is the next column.</summary>
    private static int ColumnOf(string reference, int next)
    {
        var letters = reference.TakeWhile(c => c is >= 'A' and <= 'Z').Count();
        return letters == 0 ? next : letters > 3 ? int.MaxValue : ColumnIndex(reference);
    }

    /// <summary>The text of a rich-text element (a shared string or an inline string): its runs, without phonetic hints; the reader ends after it.</summary>
    private static string RichText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return "";
        }

        var depth = xml.Depth;
        var text = new StringBuilder();
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
            {
                xml.Skip();
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                text.Append(xml.ReadElementContentAsString());
            }
            else
            {
                xml.Read();
            }
        }

        xml.Read();
        return text.ToString();
    }

    private static string[] ReadSharedStrings(XmlReader xml)
    {
        var strings = new List<string>();
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                strings.Add(RichText(xml));
            }
            else
            {
                xml.Read();
            }
        }

        return [.. strings];
    }

    /// <summary>The cell formats (by index) that show a date: the built-in date formats and custom ones with a year or day in them.</summary>
    private static HashSet<uint> ReadDateStyles(XmlReader xml)
    {
        var custom = new Dictionary<uint, string>();
        var formats = new List<uint>();
        var inCellFormats = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "numFmt" && uint.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
            {
                custom[id] = xml.GetAttribute("formatCode") ?? "";
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "cellXfs")
            {
                inCellFormats = !xml.IsEmptyElement;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellFormats = false;
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "xf" && inCellFormats)
            {
                formats.Add(uint.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var format) ? format : 0);
            }
        }

        var result = new HashSet<uint>();
        for (var i = 0; i < formats.Count; i++)
        {
            var id = formats[i];
            if (id is (>= 14 and <= 22) or (>= 45 and <= 47) or (>= 27 and <= 36) or (>= 50 and <= 58) || (custom.TryGetValue(id, out var code) && IsDateFormat(code)))
            {
                result.Add((uint)i);
            }
        }

        return result;
    }

    private static bool IsDateFormat(string code)
    {
        var stripped = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]", "");
        return stripped.Contains('y', StringComparison.OrdinalIgnoreCase) || stripped.Contains('d', StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The workbook's sheets in order, each with its worksheet part (none for a chart sheet); false when it lists none.</summary>
    private bool ReadSheets(XmlReader xml, Dictionary<string, (string Type, string Target)> parts)
    {
        var listed = false;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "sheets")
            {
                listed = true;
            }
            else if (xml.LocalName == "sheet" && listed)
            {
                var id = Enumerable.Range(0, xml.AttributeCount).Select(i =>
                {
                    xml.MoveToAttribute(i);
                    return xml.LocalName == "id" && xml.NamespaceURI.EndsWith("relationships", StringComparison.Ordinal) ? xml.Value : null;
                }).FirstOrDefault(v => v is not null);
                xml.MoveToElement();
                if (id is null || !parts.TryGetValue(id, out var part) || !_package.Contains(part.Target))
                {
                    throw _package.Refuse("spreadsheet.damaged", "workbook");
                }

                _sheets.Add((xml.GetAttribute("name") ?? "", part.Type.EndsWith("/worksheet", StringComparison.Ordinal) ? part.Target : null));
            }
        }

        return listed;
    }

    /// <summary>The sheet's declared used range (e.g. A1:H120), read before its rows: a range past the limits refuses the file at once.</summary>
    private bool CheckDimension(XmlReader xml, string sheet)
    {
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "sheetData")
            {
                return false;
            }

            if (xml.LocalName == "dimension" && xml.GetAttribute("ref") is { } range)
            {
                var last = range[(range.IndexOf(':', StringComparison.Ordinal) + 1)..];
                var digits = last.SkipWhile(c => c is >= 'A' and <= 'Z').ToArray();
                if (digits.Length > 9 || (int.TryParse(digits, CultureInfo.InvariantCulture, out var rows) && rows > _package.Limits.MaxRows))
                {
                    throw _package.Refuse("spreadsheet.too_many_rows", sheet, _package.Limits.MaxRows);
                }

                if (ColumnOf(last, 0) >= _package.Limits.MaxColumns)
                {
                    throw _package.Refuse("spreadsheet.too_many_columns", sheet, _package.Limits.MaxColumns);
                }

                return true;
            }
        }

        return false;
    }

    private T Parse<T>(string part, long maxBytes, Func<XmlReader, T> read) => Guard(part, () =>
    {
        using var xml = _package.Xml(part, maxBytes);
        return read(xml);
    });

    /// <summary>Reads a part; XML that does not parse (a DTD included) or data that does not unpack is a damaged file.</summary>
    private T Guard<T>(string part, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
        {
            throw _package.Refuse("spreadsheet.damaged", part);
        }
    }

    private string? CellText(string? type, string? style, string? value, string? inline)
    {
        if (type == "s")
        {
            return int.TryParse(value, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < _sharedStrings.Length ? _sharedStrings[i] : null;
        }

        if (type == "inlineStr")
        {
            return inline;
        }

        if (value is not null && type is null or "n" && uint.TryParse(style, CultureInfo.InvariantCulture, out var s) && _dateStyles.Contains(s)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > -657435 and < 2958466)
        {
            // A date-time cell (e.g. an operation's start) keeps its time; a plain date stays a date.
            var at = DateTime.FromOADate(serial);
            return at.TimeOfDay == TimeSpan.Zero
                ? DateOnly.FromDateTime(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return value;
    }

    /// <summary>One sheet's rows, one at a time, counted against the row and column limits.</summary>
    private sealed class SheetReader(XmlReader xml, XlsxReader book, string sheet) : IDisposable
    {
        private readonly XlsxLimits _limits = book._package.Limits;
        private int _number;
        private int _count;

        /// <summary>The next row, or null after the last.</summary>
        public XlsxRow? Next()
        {
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "row")
                {
                    return Row();
                }

                if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "sheetData")
                {
                    return null;
                }

                xml.Read();
            }

            return null;
        }

        public void Dispose() => xml.Dispose();

        private XlsxRow Row()
        {
            _number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : _number + 1;
            if (++_count > _limits.MaxRows || _number > _limits.MaxRows)
            {
                throw book._package.Refuse("spreadsheet.too_many_rows", sheet, _limits.MaxRows);
            }

            var cells = new Dictionary<int, string>();
            if (xml.IsEmptyElement)
            {
                xml.Read();
                return new XlsxRow(_number, cells);
            }

            var depth = xml.Depth;
            var next = 0;
            xml.Read();
            while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
                {
                    next = Cell(cells, next);
                }
                else
                {
                    xml.Read();
                }
            }

            xml.Read();
            return new XlsxRow(_number, cells);
        }

        /// <returns>The column after this cell's.</returns>
        private int Cell(Dictionary<int, string> cells, int next)
        {
            var column = xml.GetAttribute("r") is { } reference ? ColumnOf(reference, next) : next;
            if (column >= _limits.MaxColumns)
            {
                throw book._package.Refuse("spreadsheet.too_many_columns", sheet, _limits.MaxColumns);
            }

            var type = xml.GetAttribute("t");
            var style = xml.GetAttribute("s");
            string? value = null;
            string? inline = null;
            if (xml.IsEmptyElement)
            {
                xml.Read();
                return column + 1;
            }

            var depth = xml.Depth;
            xml.Read();
            while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "v")
                {
                    value = xml.ReadElementContentAsString();
                }
                else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "is")
                {
                    inline = RichText(xml);
                }
                else if (xml.NodeType == XmlNodeType.Element)
                {
                    xml.Skip();
                }
                else
                {
                    xml.Read();
                }
            }

            xml.Read();
            if (book.CellText(type, style, value, inline) is { } text)
            {
                cells[column] = text.Trim();
            }

            return column + 1;
        }
    }
}
