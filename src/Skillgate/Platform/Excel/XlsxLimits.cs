namespace Skillgate.Platform.Excel;

/// <summary>
/// How much an uploaded spreadsheet may hold once unpacked, so that a small file that unpacks to gigabytes (a zip bomb) or a sheet of
/// millions of rows is refused in a moment instead of exhausting the server. Sizes are checked against the zip's declared sizes
/// before anything is read and counted again while reading (a declared size may lie); rows and columns against the sheet's
/// declared dimension first, then row by row. CSV files are held to the rows and columns.
/// </summary>
/// <param name="MaxSheetBytes">A worksheet, unpacked (read as a stream, so it costs time, not memory).</param>
/// <param name="MaxPartBytes">Any other part, unpacked (shared strings and styles are held in memory).</param>
/// <param name="MaxTotalBytes">All parts together, unpacked.</param>
/// <param name="MaxRows">Rows of one sheet (or of a CSV file), header included.</param>
/// <param name="MaxColumns">Columns of one sheet.</param>
internal sealed record XlsxLimits(long MaxSheetBytes, long MaxPartBytes, long MaxTotalBytes, int MaxRows, int MaxColumns)
{
    private const long Megabyte = 1024 * 1024;

    public static readonly XlsxLimits Default = new(50 * Megabyte, 50 * Megabyte, 100 * Megabyte, 100_000, 200);

    /// <summary>The defaults, each replaceable by a <c>Skillgate:Spreadsheets:*</c> setting.</summary>
    public static XlsxLimits From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Skillgate:Spreadsheets");
        return new XlsxLimits(
            section.GetValue("MaxSheetMegabytes", Default.MaxSheetBytes / Megabyte) * Megabyte,
            section.GetValue("MaxPartMegabytes", Default.MaxPartBytes / Megabyte) * Megabyte,
            section.GetValue("MaxTotalMegabytes", Default.MaxTotalBytes / Megabyte) * Megabyte,
            section.GetValue("MaxRows", Default.MaxRows),
            section.GetValue("MaxColumns", Default.MaxColumns));
    }

    /// <summary>These limits, with at least the given sheet size, total size and rows (for an import that is meant to be large).</summary>
    public XlsxLimits AtLeast(long sheetBytes, long totalBytes, int rows) =>
        this with { MaxSheetBytes = Math.Max(MaxSheetBytes, sheetBytes), MaxTotalBytes = Math.Max(MaxTotalBytes, totalBytes), MaxRows = Math.Max(MaxRows, rows) };

    public static long InMegabytes(long bytes) => bytes / Megabyte;
}
