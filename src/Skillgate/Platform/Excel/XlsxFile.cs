namespace Skillgate.Platform.Excel;

/// <summary>One sheet as an .xlsx download: the shape of every list export.</summary>
internal static class XlsxFile
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Rows a list export writes at most; a larger list is narrowed by its filters first.</summary>
    public const int MaxRows = 50_000;

    public static byte[] Create(string sheet, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            writer.AddSheet(sheet, headers, rows);
        }

        return buffer.ToArray();
    }

    /// <summary>Every page of a paged list (up to <see cref="MaxRows"/>), read 200 at a time.</summary>
    public static async Task<List<T>> AllPagesAsync<T>(Func<int, Task<(IReadOnlyList<T> Items, long Total)>> page)
    {
        var all = new List<T>();
        for (var number = 1; all.Count < MaxRows; number++)
        {
            var (items, total) = await page(number);
            all.AddRange(items);
            if (items.Count == 0 || all.Count >= total)
            {
                break;
            }
        }

        return all;
    }
}
