using System.Globalization;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Employees;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Import;

/// <summary>Reads the template's sheets (Chinese or English names and headers) into rows, collecting form errors.</summary>
internal sealed class ImportParser(Texts t, List<ImportError> errors, bool chinese, DateOnly today)
{
    internal Texts Texts => t;

    internal DateOnly Today => today;

    internal bool Chinese => chinese;

    public ImportWorkbook Parse(XlsxReader reader)
    {
        var workbook = new ImportWorkbook();
        var found = false;
        foreach (var sheetName in reader.SheetNames)
        {
            var sheet = ImportLayout.Sheets.FirstOrDefault(s => s.Matches(sheetName));
            if (sheet is null)
            {
                continue;
            }

            found = true;
            Dictionary<string, int>? columns = null;
            var notes = new List<int>();
            foreach (var row in TableRows.WithoutNotes(reader.Rows(sheetName), notes))
            {
                if (row.Cells.Values.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (columns is null)
                {
                    columns = Header(sheet, sheetName, row);
                    if (columns is null)
                    {
                        break;
                    }

                    workbook.Sheets[sheet] = (sheetName, columns);

                    continue;
                }

                if (workbook.TotalRows >= ImportLimits.MaxRows)
                {
                    Error(sheetName, row.Number, "", t["import.too_many_rows", ImportLimits.MaxRows]);
                    return workbook;
                }

                var cells = new RowCells(this, sheet, sheetName, row, columns);
                if (sheet == ImportLayout.OrgUnits)
                {
                    workbook.OrgUnits.Add(new OrgUnitRow(row.Number, cells.Required("code"), cells.Required("name"), cells.Required("type"), cells.Optional("parent"),
                        (cells.Optional("functions") ?? "").Split([',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
                }
                else if (sheet == ImportLayout.Positions)
                {
                    workbook.Positions.Add(new PositionRow(row.Number, cells.Required("code"), cells.Required("name"), cells.Required("org_unit")));
                }
                else
                {
                    workbook.Employees.Add(new EmployeeRow(row.Number, cells.Required("employee_no"), cells.Required("name"),
                        cells.Phone("phone"), cells.Email("email"), cells.Required("org_unit"), cells.Optional("position"),
                        cells.Optional("manager"), cells.Optional("shift_group"), cells.Date("hire_date")));
                }
            }

            workbook.Notes.AddRange(notes.Select(n => (sheetName, n)));
        }

        if (!found)
        {
            Error(reader.SheetNames.Count > 0 ? reader.SheetNames[0] : "", 1, "",
                t["import.no_known_sheet", string.Join(" / ", ImportLayout.Sheets.Select(s => s.Name(chinese)))]);
        }

        return workbook;
    }

    private Dictionary<string, int>? Header(ImportSheet sheet, string sheetName, XlsxRow row)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (index, text) in row.Cells)
        {
            var column = sheet.Columns.FirstOrDefault(c =>
                string.Equals(c.Zh, text, StringComparison.OrdinalIgnoreCase) || string.Equals(c.En, text, StringComparison.OrdinalIgnoreCase));
            if (column is not null)
            {
                columns[column.Key] = index;
            }
        }

        var missing = sheet.Columns.Where(c => c.Required && !columns.ContainsKey(c.Key)).ToList();
        foreach (var c in missing)
        {
            Error(sheetName, row.Number, c.Header(chinese), t["import.missing_column", c.Header(chinese)]);
        }

        return missing.Count == 0 ? columns : null;
    }

    internal void Error(string sheet, int row, string column, string message)
    {
        if (errors.Count < ImportLimits.MaxErrorsKept)
        {
            errors.Add(new ImportError(sheet, row, column, message));
        }
    }

    /// <summary>The cells of one row, read by column key, with form checks.</summary>
    private readonly struct RowCells(ImportParser parser, ImportSheet sheet, string sheetName, XlsxRow row, Dictionary<string, int> columns)
    {
        private static readonly HashSet<string> CodeKeys = ["code", "employee_no", "parent", "org_unit", "position", "manager", "shift_group"];

        public string? Optional(string key)
        {
            var value = columns.TryGetValue(key, out var i) ? row[i] : null;
            if (value is null)
            {
                return null;
            }

            // A workbook's XML cannot hold NUL or a lone surrogate (the reader refuses the file); codes may still hold direction marks.
            if (CodeKeys.Contains(key) && !TextRules.IsCleanCode(value))
            {
                Fail(key, parser.Texts["validation.code_characters"]);
            }

            return value;
        }

        public string Required(string key)
        {
            var value = Optional(key);
            if (value is null)
            {
                Fail(key, parser.Texts["validation.required"]);
                return "";
            }

            if (value.Length > 100)
            {
                Fail(key, parser.Texts["validation.max_length", 100]);
            }

            return value;
        }

        public string? Phone(string key)
        {
            var value = Optional(key);
            if (value is not null && !EmployeeHandler.PhonePattern().IsMatch(value))
            {
                Fail(key, parser.Texts["validation.phone"]);
            }

            return value;
        }

        public string? Email(string key)
        {
            var value = Optional(key);
            if (value is not null && !EmployeeHandler.EmailPattern().IsMatch(value))
            {
                Fail(key, parser.Texts["validation.email"]);
            }

            return value;
        }

        public DateOnly? Date(string key)
        {
            var value = Optional(key);
            if (value is null)
            {
                Fail(key, parser.Texts["validation.required"]);
                return null;
            }

            string[] formats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyy-M-d", "yyyyMMdd"];
            DateOnly? date = DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var typed) ? typed
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2958465 ? DateOnly.FromDateTime(DateTime.FromOADate(serial))
                : null;
            if (date is null)
            {
                Fail(key, parser.Texts["validation.date"]);
            }
            else if (!TextRules.IsSaneDate(date.Value, parser.Today))
            {
                Fail(key, parser.Texts["validation.date_not_before_1900_or_beyond_next_year"]);
                return null;
            }

            return date;
        }

        private void Fail(string key, string message)
        {
            var column = sheet.Columns.First(c => c.Key == key);
            parser.Error(sheetName, row.Number, $"{XlsxReader.ColumnName(columns[key])} ({column.Header(parser.Chinese)})", message);
        }
    }
}
