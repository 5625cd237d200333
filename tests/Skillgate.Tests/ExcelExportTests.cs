using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FluentAssertions;
using Skillgate.Platform.Excel;
using Xunit;

namespace Skillgate.Tests;

public sealed class ExcelExportTests
{
    [Fact]
    public void Exports_write_typed_dates_a_frozen_header_and_an_auto_filter()
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            writer.AddSheet("需求", ["标题", "截止日期", "创建时间", "人数"], [
                ["焊接培训", new DateOnly(2026, 12, 21), new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero).ToLocalTime(), 18],
                ["装配培训", new DateOnly(2027, 1, 5), null, 49],
            ]);
        }

        buffer.Position = 0;
        using var document = SpreadsheetDocument.Open(buffer, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.WorksheetParts.Single().Worksheet;
        var pane = sheet.Descendants<Pane>().Single();
        pane.State!.Value.Should().Be(PaneStateValues.Frozen);
        pane.VerticalSplit!.Value.Should().Be(1, "the header row stays in view");
        sheet.Descendants<AutoFilter>().Single().Reference!.Value.Should().Be("A1:D3");
        workbook.Workbook.Descendants<DefinedName>().Single().Text.Should().Be("'需求'!$A$1:$D$3");

        var due = sheet.Descendants<Row>().ElementAt(1).Elements<Cell>().ElementAt(1);
        due.DataType.Should().BeNull("a date is a number with a date format, not text in one culture's format");
        DateTime.FromOADate(double.Parse(due.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(new DateTime(2026, 12, 21));
        var formats = workbook.WorkbookStylesPart!.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value);
        var cellFormats = workbook.WorkbookStylesPart.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        formats[cellFormats[(int)due.StyleIndex!.Value].NumberFormatId!.Value].Should().Be("yyyy-mm-dd");
        var created = sheet.Descendants<Row>().ElementAt(1).Elements<Cell>().ElementAt(2);
        formats[cellFormats[(int)created.StyleIndex!.Value].NumberFormatId!.Value].Should().Be("yyyy-mm-dd hh:mm");
    }
}
