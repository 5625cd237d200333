using System.Globalization;
using System.Text;

namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>A comma-separated table with a header row (RFC 4180 quoting); empty cells and NA are missing.</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> index;

    private CsvTable(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
        index = header.Select((h, i) => (h, i)).GroupBy(x => x.h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public static CsvTable Read(TextReader reader)
    {
        var records = Records(reader).ToList();
        if (records.Count == 0)
        {
            throw new StatisticsException("The CSV file is empty.");
        }

        var header = records[0].Select(h => h.Trim()).ToArray();
        foreach (var (row, number) in records.Skip(1).Select((r, i) => (r, i + 2)))
        {
            if (row.Length != header.Length)
            {
                throw new StatisticsException($"Line {number} has {row.Length} fields; the header has {header.Length}.");
            }
        }

        return new CsvTable(header, records.Skip(1).ToList());
    }

    public int Column(string name) => index.TryGetValue(name, out var i) ? i : throw new StatisticsException($"The CSV file has no column '{name}'.");

    public static bool IsMissing(string cell) => cell.Length == 0 || cell is "NA" or "." or "NaN";

    public static bool TryNumber(string cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Whether a cell equals a filter value: numerically when both are numbers (1988 = 1988.0), else as text.</summary>
    public static bool Matches(string cell, string value) =>
        TryNumber(cell, out var a) && TryNumber(value, out var b) ? a == b : string.Equals(cell, value, StringComparison.Ordinal);

    private static IEnumerable<string[]> Records(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"' && reader.Peek() == '"')
                {
                    field.Append('"');
                    reader.Read();
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    yield return fields.ToArray();
                }

                fields.Clear();
                any = false;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (any)
        {
            fields.Add(field.ToString().TrimEnd('\r'));
            yield return fields.ToArray();
        }
    }
}
