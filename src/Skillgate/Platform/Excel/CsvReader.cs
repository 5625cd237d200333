using System.Text;

namespace Skillgate.Platform.Excel;

/// <summary>
/// Reads CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) as UTF-8, or as GB18030 when the bytes are
/// not UTF-8 (what Excel writes on a Chinese Windows). Rows come back like sheet rows, numbered from 1.
/// </summary>
internal static class CsvReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Chinese Excel's CSV encoding; the code-page provider is registered once, on first use.</summary>
    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    /// <summary>The text of the file, or null when its content is not text (NUL bytes).</summary>
    public static string? Decode(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return null;
        }

        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030.Value.GetString(bytes);
        }
    }

    public static IEnumerable<XlsxRow> Rows(string text)
    {
        var cells = new Dictionary<int, string>();
        var field = new StringBuilder();
        var row = 1;
        var startRow = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
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
                cells[cells.Count] = field.ToString().Trim();
                field.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells[cells.Count] = field.ToString().Trim();
                field.Clear();
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
            cells[cells.Count] = field.ToString().Trim();
            yield return new XlsxRow(startRow, cells);
        }
    }
}
