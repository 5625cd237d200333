using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Skillgate.Platform.Excel;

/// <summary>
/// Writes .xlsx workbooks sheet by sheet with a streaming writer, so 100,000 rows fit in little memory. Dates and times are
/// typed cells (sortable and filterable in Excel, not text formatted for one culture); each sheet's header row is frozen
/// and carries an auto-filter.
/// </summary>
internal sealed class XlsxWriter : IDisposable
{
    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private const uint DateTimeStyle = 3;
    private readonly SpreadsheetDocument _document;
    private readonly Sheets _sheets;
    private DefinedNames? _names;
    private uint _sheetId;

    public XlsxWriter(Stream output)
    {
        _document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = _document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        _sheets = workbook.Workbook.AppendChild(new Sheets());
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd hh:mm" }) { Count = 2 },
            new Fonts(new Font(), new Font(new Bold())),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 1, ApplyFont = true },
                new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }));
    }

    public async Task AddSheetAsync(string name, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        using var writer = BeginSheet(name, headers);
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            WriteRow(writer, row, null);
            count++;
        }

        EndSheet(writer, name, headers.Count, count);
    }

    public void AddSheet(string name, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        using var writer = BeginSheet(name, headers);
        var count = 0;
        foreach (var row in rows)
        {
            WriteRow(writer, row, null);
            count++;
        }

        EndSheet(writer, name, headers.Count, count);
    }

    private OpenXmlWriter BeginSheet(string name, IReadOnlyList<string> headers)
    {
        var part = _document.WorkbookPart!.AddNewPart<WorksheetPart>();
        _sheets.Append(new Sheet { Id = _document.WorkbookPart.GetIdOfPart(part), SheetId = ++_sheetId, Name = name });
        var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { TabSelected = _sheetId == 1, WorkbookViewId = 0 }));
        writer.WriteStartElement(new Columns());
        for (var i = 0; i < headers.Count; i++)
        {
            writer.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Math.Max(12, headers[i].Length * 2.2), CustomWidth = true });
        }

        writer.WriteEndElement();
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, headers.Cast<object?>().ToArray(), HeaderStyle);
        return writer;
    }

    private void EndSheet(OpenXmlWriter writer, string name, int columns, int rows)
    {
        writer.WriteEndElement();
        var range = $"A1:{XlsxReader.ColumnName(Math.Max(0, columns - 1))}{rows + 1}";
        writer.WriteElement(new AutoFilter { Reference = range });
        writer.WriteEndElement();
        writer.Close();
        _names ??= _document.WorkbookPart!.Workbook.AppendChild(new DefinedNames());
        var absolute = $"'{name.Replace("'", "''", StringComparison.Ordinal)}'!$A$1:${XlsxReader.ColumnName(Math.Max(0, columns - 1))}${rows + 1}";
        _names.Append(new DefinedName(absolute) { Name = "_xlnm._FilterDatabase", LocalSheetId = _sheetId - 1, Hidden = true });
    }

    private static void WriteRow(OpenXmlWriter writer, object?[] values, uint? style)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            var cell = value switch
            {
                null => new Cell(),
                int or long or decimal or double => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
                DateOnly d => new Cell { StyleIndex = DateStyle, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)) },
                DateTime t => new Cell { StyleIndex = DateTimeStyle, CellValue = new CellValue(t.ToOADate().ToString(CultureInfo.InvariantCulture)) },
                DateTimeOffset t => new Cell { StyleIndex = DateTimeStyle, CellValue = new CellValue(t.ToLocalTime().DateTime.ToOADate().ToString(CultureInfo.InvariantCulture)) },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(value, CultureInfo.InvariantCulture)!)) },
            };
            if (style is { } s)
            {
                cell.StyleIndex = s;
            }

            writer.WriteElement(cell);
        }

        writer.WriteEndElement();
    }

    public void Dispose() => _document.Dispose();
}
