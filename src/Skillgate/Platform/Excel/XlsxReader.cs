using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Skillgate.Platform.Excel;

/// <summary>A sheet row: its 1-based row number and cell texts by 0-based column.</summary>
internal sealed record XlsxRow(int Number, IReadOnlyDictionary<int, string> Cells)
{
    public string? this[int column] => Cells.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
}

/// <summary>Reads .xlsx sheets row by row (SAX), checking by content that the file really is a workbook.</summary>
internal sealed class XlsxReader : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly string[] _sharedStrings;
    private readonly HashSet<uint> _dateStyles;

    private XlsxReader(SpreadsheetDocument document)
    {
        _document = document;
        var part = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
        _sharedStrings = part.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        _dateStyles = DateStyles(part);
    }

    /// <summary>Opens the stream as a workbook, or returns null when its content is not one.</summary>
    public static XlsxReader? TryOpen(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        if (stream.Read(magic) != 4 || magic[0] != 0x50 || magic[1] != 0x4B || magic[2] != 0x03 || magic[3] != 0x04)
        {
            return null;
        }

        stream.Position = 0;
        try
        {
            var document = SpreadsheetDocument.Open(stream, false);
            if (document.WorkbookPart?.Workbook?.Sheets is null)
            {
                document.Dispose();
                return null;
            }

            return new XlsxReader(document);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException or FileFormatException)
        {
            return null;
        }
    }

    public IReadOnlyList<string> SheetNames =>
        _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name?.Value ?? "").ToList();

    public IEnumerable<XlsxRow> Rows(string sheetName)
    {
        var workbook = _document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name?.Value == sheetName);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        using var reader = OpenXmlReader.Create(part);
        Dictionary<int, string>? cells = null;
        var rowNumber = 0;
        var nextColumn = 0;
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsStartElement)
                {
                    var r = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
                    rowNumber = r is null ? rowNumber + 1 : int.Parse(r, CultureInfo.InvariantCulture);
                    cells = [];
                    nextColumn = 0;
                }
                else if (reader.IsEndElement && cells is not null)
                {
                    yield return new XlsxRow(rowNumber, cells);
                    cells = null;
                }
            }
            else if (reader.ElementType == typeof(Cell) && reader.IsStartElement && cells is not null)
            {
                var cell = (Cell)reader.LoadCurrentElement()!;
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                nextColumn = column + 1;
                var text = CellText(cell);
                if (text is not null)
                {
                    cells[column] = text.Trim();
                }
            }
        }
    }

    private string? CellText(Cell cell)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < _sharedStrings.Length ? _sharedStrings[i] : null;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        if (raw is not null && (type is null || type == CellValues.Number) && cell.StyleIndex?.Value is { } style && _dateStyles.Contains(style)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial))
        {
            // A date-time cell (e.g. an operation's start) keeps its time; a plain date stays a date.
            var at = DateTime.FromOADate(serial);
            return at.TimeOfDay == TimeSpan.Zero
                ? DateOnly.FromDateTime(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return raw;
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

    private static HashSet<uint> DateStyles(WorkbookPart part)
    {
        var result = new HashSet<uint>();
        var formats = part.WorkbookStylesPart?.Stylesheet?.CellFormats?.Elements<CellFormat>().ToList();
        if (formats is null)
        {
            return result;
        }

        var custom = part.WorkbookStylesPart!.Stylesheet!.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        for (var i = 0; i < formats.Count; i++)
        {
            var id = formats[i].NumberFormatId?.Value ?? 0;
            var isDate = id is (>= 14 and <= 22) or (>= 45 and <= 47) or (>= 27 and <= 36) or (>= 50 and <= 58)
                         || (custom.TryGetValue(id, out var code) && IsDateFormat(code));
            if (isDate)
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

    public void Dispose() => _document.Dispose();
}
