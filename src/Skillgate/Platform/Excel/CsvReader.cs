using System.Text;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Excel;

/// <summary>
/// Reads CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) as UTF-8, or as GB18030 when the bytes are
/// not UTF-8 (what Excel writes on a Chinese Windows). Rows come back like sheet rows, numbered from 1, read from a stream one at a
/// time and held to the rows and columns of <see cref="XlsxLimits"/> (a file of commas or line breaks is refused, not collected).
/// </summary>
internal static class CsvReader
{
    /// <summary>Chinese Excel's CSV encoding; the code-page provider is registered once, on first use.</summary>
    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    /// <summary>The encoding of the file's text (UTF-8, whose byte order mark the reader skips, or GB18030), or null when its content is not text (NUL bytes).</summary>
    public static Encoding? EncodingOf(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOf((byte)0) >= 0 ? null : System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8 : Gb18030.Value;

    public static IEnumerable<XlsxRow> Rows(TextReader text, XlsxLimits limits, Texts t)
    {
        var cells = new Dictionary<int, string>();
        var field = new StringBuilder();
        var row = 1;
        var startRow = 1;
        var rows = 0;
        var quoted = false;
        void EndField()
        {
            if (cells.Count >= limits.MaxColumns)
            {
                throw XlsxPackage.Refusal(t, "spreadsheet.too_many_columns", "CSV", limits.MaxColumns);
            }

            cells[cells.Count] = field.ToString().Trim();
            field.Clear();
        }

        void EndRow()
        {
            if (++rows > limits.MaxRows)
            {
                throw XlsxPackage.Refusal(t, "spreadsheet.too_many_rows", "CSV", limits.MaxRows);
            }
        }

        int read;
        while ((read = text.Read()) >= 0)
        {
            var ch = (char)read;
            if (quoted)
            {
                if (ch == '"' && text.Peek() == '"')
                {
                    field.Append('"');
                    text.Read();
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    row += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                EndField();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && text.Peek() == '\n')
                {
                    text.Read();
                }

                EndField();
                EndRow();
                yield return new XlsxRow(startRow, cells);
                cells = [];
                startRow = ++row;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || cells.Count > 0)
        {
            EndField();
            EndRow();
            yield return new XlsxRow(startRow, cells);
        }
    }
}
