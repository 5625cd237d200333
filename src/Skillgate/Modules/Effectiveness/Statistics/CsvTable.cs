using System.Globalization;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// A comma-separated table with a header row, read by the platform's CSV reader (RFC 4180 quoting, UTF-8 or GB18030, cells trimmed,
/// rows and columns held to limits sized for panels); blank lines are skipped; empty cells and NA are missing.
/// </summary>
internal sealed class CsvTable
{
    private static readonly XlsxLimits Limits = XlsxLimits.Default with { MaxRows = 50_000_000, MaxColumns = 10_000 };

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
        var records = new List<(int Line, string[] Fields)>();
        try
        {
            foreach (var row in CsvReader.Rows(reader, Limits, new Texts()))
            {
                var fields = Enumerable.Range(0, row.Cells.Count).Select(i => row.Cells[i]).ToArray();
                if (fields.Length > 1 || fields[0].Length > 0)
                {
                    records.Add((row.Number, fields));
                }
            }
        }
        catch (ValidationFailedException e)
        {
            throw new StatisticsException(string.Join(" ", e.Errors.SelectMany(x => x.Value)));
        }

        if (records.Count == 0)
        {
            throw new StatisticsException("The CSV file is empty.");
        }

        var header = records[0].Fields;
        foreach (var (line, row) in records.Skip(1))
        {
            if (row.Length != header.Length)
            {
                throw new StatisticsException($"Line {line} has {row.Length} fields; the header has {header.Length}.");
            }
        }

        return new CsvTable(header, records.Skip(1).Select(r => r.Fields).ToList());
    }

    public int Column(string name) => index.TryGetValue(name, out var i) ? i : throw new StatisticsException($"The CSV file has no column '{name}'.");

    public static bool IsMissing(string cell) => cell.Length == 0 || cell is "NA" or "." or "NaN";

    public static bool TryNumber(string cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Whether a cell equals a filter value: numerically when both are numbers (1988 = 1988.0), else as text.</summary>
    public static bool Matches(string cell, string value) =>
        TryNumber(cell, out var a) && TryNumber(value, out var b) ? a == b : string.Equals(cell, value, StringComparison.Ordinal);
}
