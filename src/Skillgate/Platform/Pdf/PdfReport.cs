using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Skillgate.Platform.Pdf;

/// <summary>
/// An A4 report written top to bottom — title, headings, paragraphs, facts, tables that carry their header onto the next page,
/// bar charts and QR codes — with "page n / m" and the report's footer on every page. The same content and time give the same
/// bytes (PDFsharp's random document and font-subset ids are derived from the content instead), so a filed copy can be proven
/// by its hash. Make one through <see cref="PdfReports"/>, which loads the font first.
/// </summary>
internal sealed partial class PdfReport : IDisposable
{
    private const double Margin = 50;
    private const double FooterSpace = 24;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XColor Rule = XColor.FromArgb(190, 190, 190);
    private static readonly XColor Shade = XColor.FromArgb(235, 238, 242);
    private static readonly XColor Bar = XColor.FromArgb(13, 110, 253);
    private static readonly XColor Muted = XColor.FromArgb(100, 100, 100);

    private readonly PdfDocument _document = new();
    private readonly XFont _title = new(PdfFonts.Family, 20, XFontStyleEx.Bold, Unicode);
    private readonly XFont _heading = new(PdfFonts.Family, 13, XFontStyleEx.Bold, Unicode);
    private readonly XFont _body = new(PdfFonts.Family, 10.5, XFontStyleEx.Regular, Unicode);
    private readonly XFont _bold = new(PdfFonts.Family, 9.5, XFontStyleEx.Bold, Unicode);
    private readonly XFont _small = new(PdfFonts.Family, 9.5, XFontStyleEx.Regular, Unicode);
    private readonly StringBuilder _content = new();
    private readonly string _footer;
    private PdfPage _page = null!;
    private XGraphics _gfx = null!;
    private double _y;

    internal PdfReport(string title, string footer, DateTimeOffset madeAt)
    {
        _footer = footer;
        _document.Info.Title = title;
        _document.Info.Creator = "Skillgate";
        _document.Info.CreationDate = madeAt.UtcDateTime;
        Hash(title, footer, madeAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        NewPage();
    }

    private double Width => _page.Width.Point - (2 * Margin);

    private double Bottom => _page.Height.Point - Margin - FooterSpace;

    public PdfReport Title(string text, string? subtitle = null)
    {
        Hash(text, subtitle ?? "");
        _gfx.DrawString(text, _title, XBrushes.Black, new XRect(Margin, _y, Width, 28), XStringFormats.TopCenter);
        _y += 34;
        if (subtitle is not null)
        {
            _gfx.DrawString(subtitle, _small, new XSolidBrush(Muted), new XRect(Margin, _y, Width, 14), XStringFormats.TopCenter);
            _y += 22;
        }

        return this;
    }

    public PdfReport Heading(string text)
    {
        Hash(text);
        Need(40);
        _y += 6;
        _gfx.DrawString(text, _heading, XBrushes.Black, new XRect(Margin, _y, Width, 18), XStringFormats.TopLeft);
        _y += 20;
        _gfx.DrawLine(new XPen(Rule, 0.75), Margin, _y, Margin + Width, _y);
        _y += 6;
        return this;
    }

    public PdfReport Subheading(string text)
    {
        Hash(text);
        Need(36);
        _y += 2;
        _gfx.DrawString(text, _bold, XBrushes.Black, new XRect(Margin, _y, Width, 14), XStringFormats.TopLeft);
        _y += 18;
        return this;
    }

    public PdfReport Paragraph(string text, bool muted = false)
    {
        Hash(text);
        var brush = muted ? new XSolidBrush(Muted) : XBrushes.Black;
        foreach (var line in Wrap(text, _body, Width))
        {
            Need(16);
            _gfx.DrawString(line, _body, brush, new XRect(Margin, _y, Width, 16), XStringFormats.TopLeft);
            _y += 16;
        }

        _y += 4;
        return this;
    }

    /// <summary>Label and value pairs, the labels in a column of their own.</summary>
    public PdfReport Facts(IEnumerable<(string Label, string Value)> facts)
    {
        var labelWidth = Width * 0.32;
        foreach (var (label, value) in facts)
        {
            Hash(label, value);
            var lines = Wrap(value, _body, Width - labelWidth - 8).ToList();
            Need(16 * lines.Count);
            _gfx.DrawString(label, _bold, new XSolidBrush(Muted), new XRect(Margin, _y + 1, labelWidth, 16), XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                _gfx.DrawString(line, _body, XBrushes.Black, new XRect(Margin + labelWidth + 8, _y, Width - labelWidth - 8, 16), XStringFormats.TopLeft);
                _y += 16;
            }

            _y += 3;
        }

        _y += 4;
        return this;
    }

    /// <summary>A table with relative column widths; a row that does not fit starts a page, which repeats the header. Nothing in it: <paramref name="empty"/>.</summary>
    public PdfReport Table(IReadOnlyList<string> headers, IReadOnlyList<double> widths, IEnumerable<IReadOnlyList<string>> rows, string empty)
    {
        var total = widths.Sum();
        var columns = widths.Select(w => Width * w / total).ToArray();
        Hash([.. headers]);
        Need(40);
        Header();
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            Hash([.. row]);
            var cells = row.Select((text, i) => Wrap(text, _small, columns[i] - 8).ToList()).ToList();
            var height = (cells.Max(c => c.Count) * 12.5) + 6;
            if (_y + height > Bottom)
            {
                NewPage();
                Header();
            }

            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                for (var l = 0; l < cells[i].Count; l++)
                {
                    _gfx.DrawString(cells[i][l], _small, XBrushes.Black, new XRect(x + 4, _y + 3 + (l * 12.5), columns[i] - 8, 12.5), XStringFormats.TopLeft);
                }

                x += columns[i];
            }

            _y += height;
            _gfx.DrawLine(new XPen(Rule, 0.5), Margin, _y, Margin + Width, _y);
        }

        if (!any)
        {
            Paragraph(empty, muted: true);
        }

        _y += 8;
        return this;

        void Header()
        {
            _gfx.DrawRectangle(new XSolidBrush(Shade), Margin, _y, Width, 18);
            var x = Margin;
            for (var i = 0; i < headers.Count; i++)
            {
                _gfx.DrawString(headers[i], _bold, XBrushes.Black, new XRect(x + 4, _y + 3, columns[i] - 8, 14), XStringFormats.TopLeft);
                x += columns[i];
            }

            _y += 18;
        }
    }

    /// <summary>Horizontal bars scaled to the largest value (or to <paramref name="max"/>), each with its label and its figure in words.</summary>
    public PdfReport Bars(IEnumerable<(string Label, double Value, string Figure)> bars, double? max = null)
    {
        var list = bars.ToList();
        var top = max ?? Math.Max(list.Select(b => b.Value).DefaultIfEmpty(0).Max(), 1e-9);
        var labelWidth = Width * 0.3;
        var figureWidth = Width * 0.18;
        var barWidth = Width - labelWidth - figureWidth - 12;
        foreach (var (label, value, figure) in list)
        {
            Hash(label, figure);
            Need(18);
            _gfx.DrawString(label, _small, XBrushes.Black, new XRect(Margin, _y + 2, labelWidth, 14), XStringFormats.TopLeft);
            _gfx.DrawRectangle(new XSolidBrush(Shade), Margin + labelWidth + 6, _y + 3, barWidth, 11);
            _gfx.DrawRectangle(new XSolidBrush(Bar), Margin + labelWidth + 6, _y + 3, barWidth * Math.Clamp(value / top, 0, 1), 11);
            _gfx.DrawString(figure, _small, XBrushes.Black, new XRect(Margin + Width - figureWidth, _y + 2, figureWidth, 14), XStringFormats.TopRight);
            _y += 18;
        }

        _y += 6;
        return this;
    }

    /// <summary>A QR code of <paramref name="text"/> (error correction M), <paramref name="size"/> points wide, with its caption beside it.</summary>
    public PdfReport Qr(string text, double size, string caption)
    {
        Hash(text, caption);
        Need(size + 10);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        for (var r = 0; r < matrix.Count; r++)
        {
            for (var c = 0; c < matrix[r].Count; c++)
            {
                if (matrix[r][c])
                {
                    _gfx.DrawRectangle(XBrushes.Black, Margin + (c * module), _y + (r * module), module + 0.05, module + 0.05);
                }
            }
        }

        var lines = Wrap(caption, _small, Width - size - 16).ToList();
        for (var l = 0; l < lines.Count; l++)
        {
            _gfx.DrawString(lines[l], _small, XBrushes.Black, new XRect(Margin + size + 16, _y + (size / 2) - (lines.Count * 6.5) + (l * 13), Width - size - 16, 13), XStringFormats.TopLeft);
        }

        _y += size + 10;
        return this;
    }

    public PdfReport Space(double points)
    {
        _y = Math.Min(_y + points, Bottom);
        return this;
    }

    /// <summary>The finished file: footers with page numbers, then the ids PDFsharp draws at random replaced by ones from the content.</summary>
    public byte[] Save()
    {
        _gfx.Dispose();
        _gfx = null!;
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var text = $"{_footer} · {i + 1} / {count}";
            gfx.DrawString(text, _small, new XSolidBrush(Muted), new XRect(Margin, page.Height.Point - Margin, page.Width.Point - (2 * Margin), 14), XStringFormats.TopCenter);
        }

        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(_content.ToString()))[..16];
        _document.Internals.FirstDocumentID = _document.Internals.SecondDocumentID = Encoding.Latin1.GetString(seed);
        using var stream = new MemoryStream();
        _document.Save(stream, false);
        return Deterministic(stream.ToArray(), seed);
    }

    private static byte[] Deterministic(byte[] pdf, byte[] seed)
    {
        // Latin-1 maps each byte to one char, so replacing same-length text keeps every offset of the file's index.
        var text = Encoding.Latin1.GetString(pdf);
        var tags = SubsetTag().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < tags.Count; i++)
        {
            var h = SHA256.HashData([.. seed, (byte)i]);
            text = text.Replace(tags[i] + "+", new string([.. h.Take(6).Select(b => (char)('A' + (b % 26)))]) + "+", StringComparison.Ordinal);
        }

        var n = 0;
        text = XmpUuid().Replace(text, _ => "uuid:" + new Guid(SHA256.HashData([.. seed, (byte)(100 + n++)])[..16]).ToString());
        return Encoding.Latin1.GetBytes(text);
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document.Dispose();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private void Need(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void Hash(params string[] parts)
    {
        foreach (var part in parts)
        {
            _content.Append(part).Append('\0');
        }
    }

    /// <summary>Lines that fit the width: Latin text breaks at spaces, Chinese between any two characters.</summary>
    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var ch in paragraph)
            {
                line.Append(ch);
                if (line.Length < 2 || _gfx.MeasureString(line.ToString(), font).Width <= width)
                {
                    continue;
                }

                var space = line.ToString().LastIndexOf(' ');
                var breakAt = ch < 0x2E80 && space > 0 ? space : line.Length - 1;
                yield return line.ToString(0, breakAt).TrimEnd();
                var rest = line.ToString(breakAt, line.Length - breakAt).TrimStart();
                line.Clear().Append(rest);
            }

            yield return line.ToString();
        }
    }

    [GeneratedRegex("/FontName/([A-Z]{6})\\+")]
    private static partial Regex SubsetTag();

    [GeneratedRegex("uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex XmpUuid();
}
