using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// The first sheet of a downloaded workbook as text, read with the Open XML SDK (not the product's reader): typed date cells
/// come back as yyyy-MM-dd (with HH:mm for date-times), so a test can tell a real date from text.
/// </summary>
public sealed record ExcelSheet(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public static ExcelSheet Read(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var formats = workbook.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().Select(f => f.NumberFormatId?.Value ?? 0).ToList() ?? [];
        var sheet = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        var rows = sheet.Worksheet.Descendants<Row>().Select(r => (IReadOnlyList<string>)r.Elements<Cell>().Select(c => Text(c, formats)).ToList()).ToList();
        return new ExcelSheet(rows.FirstOrDefault() ?? [], rows.Skip(1).ToList());
    }

    private static string Text(Cell cell, List<uint> formats)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        var raw = cell.CellValue?.Text ?? "";
        var format = cell.StyleIndex is { } s && s.Value < formats.Count ? formats[(int)s.Value] : 0;
        if (raw.Length > 0 && format is 14 or 164 or 165 or 22)
        {
            var at = DateTime.FromOADate(double.Parse(raw, CultureInfo.InvariantCulture));
            return at.ToString(format is 165 or 22 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return raw;
    }
}
