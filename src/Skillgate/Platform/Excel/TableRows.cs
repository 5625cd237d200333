namespace Skillgate.Platform.Excel;

/// <summary>
/// The rows of a sheet's table without the notes people write under it: after a blank row, a row with a single filled cell
/// (a merged "制表：… 审核：…" line) is a note, not data. Each note's row number is handed back so the import can warn about it.
/// </summary>
internal static class TableRows
{
    public static IEnumerable<XlsxRow> WithoutNotes(IEnumerable<XlsxRow> rows, ICollection<int> notes)
    {
        var blankAfterData = false;
        var seenData = false;
        var previous = 0;
        foreach (var row in rows)
        {
            // A spreadsheet leaves empty rows out of the file: a jump in row numbers is a blank row too.
            blankAfterData |= seenData && row.Number > previous + 1;
            previous = row.Number;
            var filled = row.Cells.Values.Count(v => !string.IsNullOrWhiteSpace(v));
            if (filled == 0)
            {
                blankAfterData |= seenData;
                continue;
            }

            if (blankAfterData && filled == 1)
            {
                notes.Add(row.Number);
                continue;
            }

            blankAfterData = false;
            seenData = true;
            yield return row;
        }
    }
}
