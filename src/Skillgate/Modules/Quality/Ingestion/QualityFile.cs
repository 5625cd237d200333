using System.Globalization;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Time;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>
/// A CSV or .xlsx upload of one kind of plant data: header row (field names as in the API, or their Chinese names), then one
/// record per row. Checked by content (a workbook, or text), size and row count; cell formats are checked here, references by
/// <see cref="IngestHandler"/>, and all errors are reported together by row and field.
/// </summary>
internal sealed partial class QualityFile(IngestHandler ingest, XlsxLimits limits, Texts t)
{
    public const long MaxBytes = 20L * 1024 * 1024;

    public static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["operations"] = ["externalId", "batch", "product", "line", "operation", "workCentre", "employeeNo", "startedAt", "endedAt"],
        ["counts"] = ["externalId", "batch", "product", "line", "operation", "employeeNo", "producedOn", "produced", "reworked", "firstPassGood"],
        ["defects"] = ["externalId", "batch", "line", "operation", "defectType", "quantity", "cause", "employeeNo", "foundOn", "foundAt"],
        ["findings"] = ["externalId", "audit", "clause", "nonconformity", "orgUnit", "severity", "foundOn"],
        ["complaints"] = ["externalId", "customer", "batch", "defectType", "description", "severity", "receivedOn"],
        ["lots"] = ["externalId", "code", "material", "supplier", "orgUnit", "receivedOn", "received", "inspected", "rejected"],
        ["releases"] = ["externalId", "batch", "employeeNo", "releasedOn", "quantity"],
        ["downtimes"] = ["externalId", "code", "equipment", "line", "startedAt", "endedAt", "reason"],
    };

    private static readonly Dictionary<string, string> Chinese = new(StringComparer.Ordinal)
    {
        ["外部编号"] = "externalId", ["批次"] = "batch", ["批号"] = "batch", ["产品"] = "product", ["产线"] = "line", ["工序"] = "operation",
        ["工作中心"] = "workCentre", ["工号"] = "employeeNo", ["开始时间"] = "startedAt", ["结束时间"] = "endedAt", ["日期"] = "producedOn",
        ["产量"] = "produced", ["返工数"] = "reworked", ["一次合格数"] = "firstPassGood", ["缺陷类型"] = "defectType", ["数量"] = "quantity",
        ["原因类别"] = "cause", ["发现日期"] = "foundOn", ["发现时间"] = "foundAt", ["审核"] = "audit", ["条款"] = "clause", ["不符合项"] = "nonconformity", ["部门"] = "orgUnit",
        ["严重度"] = "severity", ["客户"] = "customer", ["描述"] = "description", ["收到日期"] = "receivedOn",
        ["原料批号"] = "code", ["物料"] = "material", ["供应商"] = "supplier", ["到货日期"] = "receivedOn", ["到货数"] = "received", ["检验数"] = "inspected",
        ["不合格数"] = "rejected", ["放行日期"] = "releasedOn", ["检验员工号"] = "employeeNo",
        ["停机记录号"] = "code", ["设备"] = "equipment", ["停机原因"] = "reason",

        // A hospital's own words for the same columns (issue 25).
        ["病例"] = "batch", ["病例号"] = "batch", ["病案号"] = "batch", ["医疗服务"] = "product", ["病区"] = "line", ["诊疗操作"] = "operation",
        ["诊疗单元"] = "workCentre", ["诊疗量"] = "produced", ["诊疗例数"] = "produced", ["重做数"] = "reworked", ["一次成功数"] = "firstPassGood",
        ["不良事件类型"] = "defectType", ["患者"] = "customer", ["药品耗材批号"] = "code", ["耗材"] = "material",
    };

    public byte[] Template(string kind)
    {
        var fields = Fields[kind];
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            writer.AddSheet(t[QualityVocabularies.RecordKind, kind], fields, [fields.Select(f => (object?)Example(f)).ToArray()]);
        }

        return buffer.ToArray();
    }

    public async Task<IngestResult> ImportAsync(string kind, Stream content, long length, string fileName, CancellationToken ct)
    {
        if (!Fields.TryGetValue(kind, out var fields))
        {
            new Validation().Add("kind", t["quality.one_of", string.Join(", ", Fields.Keys)]).ThrowIfInvalid();
        }

        if (length <= 0 || length > MaxBytes)
        {
            new Validation().Add("file", t["import.file_size", MaxBytes / 1024 / 1024]).ThrowIfInvalid();
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var notes = new List<int>();
        // The header, the records the ingestion takes at most, and one more to tell that there are too many: nothing beyond is read.
        var (sheet, rows) = ReadRows(buffer, all => TableRows.WithoutNotes(all, notes).Take(IngestHandler.MaxItems + 2).ToList());
        var header = rows.FirstOrDefault();
        var columns = header?.Cells.ToDictionary(c => c.Key, c => Field(c.Value, fields!)) ?? [];
        var twice = columns.Values.OfType<string>().GroupBy(f => f, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            new Validation().Add("file", t["quality.columns_twice", string.Join(", ", twice)]).ThrowIfInvalid();
        }

        var missing = fields!.Where(f => f != "externalId" && !columns.ContainsValue(f) && Required(kind, f)).ToList();
        if (header is null || !columns.ContainsValue("externalId") || missing.Count > 0)
        {
            new Validation().Add("file", t["quality.columns_missing", string.Join(", ", missing.Prepend("externalId").Distinct(StringComparer.Ordinal))]).ThrowIfInvalid();
        }

        var records = rows.Skip(1).Where(r => !r.Cells.Values.All(string.IsNullOrWhiteSpace))
            .Select(r => (r.Number, Values: columns.Where(c => c.Value is not null).ToDictionary(c => c.Value!, c => r[c.Key], StringComparer.Ordinal)))
            .ToList();
        if (records.Count > IngestHandler.MaxItems)
        {
            new Validation().Add("file", t["import.too_many_rows", IngestHandler.MaxItems]).ThrowIfInvalid();
        }

        var formats = new Validation();
        // A time without an offset is the wall clock of the row's line, in the line's time zone (ADR 0023).
        var zoneOf = kind is "operations" or "defects" or "downtimes" ? await ingest.ZonesOfCodesAsync(records.Select(r => r.Values.Get("line")), ct) : null;
        var parse = new Cells(formats, zoneOf, t);
        string Where(int i) => sheet is null ? t["quality.row", records[i].Number] : t["quality.sheet_row", sheet, records[i].Number];
        var warnings = notes.Select(n => t["import.warning_at", sheet ?? "CSV", n, t["import.note_ignored"]].Value).ToList();
        var source = "file:" + Path.GetFileName(fileName);
        // Errors name the column as the file does: its letter and its header, not the field's code.
        var named = columns.Where(c => c.Value is not null).GroupBy(c => c.Value!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => $"{XlsxReader.ColumnName(g.First().Key)} ({header![g.First().Key]})", StringComparer.Ordinal);
        try
        {
            return await IngestAsync(kind, records, parse, formats, Where, warnings, source, ct);
        }
        catch (ValidationFailedException e)
        {
            throw new ValidationFailedException(e.Errors.ToDictionary(
                x => x.Key.LastIndexOf('.') is var dot and > 0 && named.TryGetValue(x.Key[(dot + 1)..], out var column) ? $"{x.Key[..dot]}, {column}" : x.Key,
                x => x.Value,
                StringComparer.Ordinal));
        }
    }

    private async Task<IngestResult> IngestAsync(
        string kind, List<(int Number, Dictionary<string, string?> Values)> records, Cells parse, Validation formats, Func<int, string> Where, List<string> warnings, string source,
        CancellationToken ct)
    {
        // Every cell is read first: a cell in the wrong format stops the file before anything is checked against the database or stored.
        switch (kind)
        {
            case "operations":
                var operations = records.Select((r, i) => new OperationRecordInput(
                    r.Values.Get("externalId"), r.Values.Get("batch"), r.Values.Get("product"), r.Values.Get("line"), r.Values.Get("operation"), r.Values.Get("workCentre"),
                    r.Values.Get("employeeNo"), parse.Time(Where(i), "startedAt", r.Values.Get("startedAt"), r.Values.Get("line")), parse.Time(Where(i), "endedAt", r.Values.Get("endedAt"), r.Values.Get("line")))).ToList();
                formats.ThrowIfInvalid();
                return (await ingest.OperationsAsync(operations, Where, source, ct)) with { Warnings = warnings };
            case "counts":
                var counts = records.Select((r, i) => new CountInput(
                    r.Values.Get("externalId"), r.Values.Get("batch"), r.Values.Get("product"), r.Values.Get("line"), r.Values.Get("operation"), r.Values.Get("employeeNo"),
                    parse.Date(Where(i), "producedOn", r.Values.Get("producedOn")), parse.Int(Where(i), "produced", r.Values.Get("produced")),
                    parse.Int(Where(i), "reworked", r.Values.Get("reworked")), parse.Int(Where(i), "firstPassGood", r.Values.Get("firstPassGood")))).ToList();
                formats.ThrowIfInvalid();
                return (await ingest.CountsAsync(counts, Where, source, ct)) with { Warnings = warnings };
            case "defects":
                var defects = records.Select((r, i) => new DefectInput(
                    r.Values.Get("externalId"), r.Values.Get("batch"), r.Values.Get("line"), r.Values.Get("operation"), r.Values.Get("defectType"),
                    parse.Int(Where(i), "quantity", r.Values.Get("quantity")), r.Values.Get("cause"), r.Values.Get("employeeNo"), parse.Date(Where(i), "foundOn", r.Values.Get("foundOn")),
                    parse.Time(Where(i), "foundAt", r.Values.Get("foundAt"), r.Values.Get("line")))).ToList();
                formats.ThrowIfInvalid();
                return (await ingest.DefectsAsync(defects, Where, source, ct)) with { Warnings = warnings };
            case "findings":
                var findings = records.Select((r, i) => new FindingInput(
                    r.Values.Get("externalId"), r.Values.Get("audit"), r.Values.Get("clause"), r.Values.Get("nonconformity"), r.Values.Get("orgUnit"), r.Values.Get("severity"),
                    parse.Date(Where(i), "foundOn", r.Values.Get("foundOn")))).ToList();
                formats.ThrowIfInvalid();
                return (await ingest.FindingsAsync(findings, Where, source, ct)) with { Warnings = warnings };
            case "lots":
                var lots = records.Select((r, i) => new MaterialLotInput(
                    r.Values.Get("externalId"), r.Values.Get("code"), r.Values.Get("material"), r.Values.Get("supplier"), r.Values.Get("orgUnit"),
                    parse.Date(Where(i), "receivedOn", r.Values.Get("receivedOn")), parse.Int(Where(i), "received", r.Values.Get("received")),
                    parse.Int(Where(i), "inspected", r.Values.Get("inspected")), parse.Int(Where(i), "rejected", r.Values.Get("rejected")))).ToList();
                formats.ThrowIfInvalid();
                return (await ingest.LotsAsync(lots, Where, source, ct)) with { Warnings = warnings };
            case "downtimes":
                var downtimes = records.Select((r, i) => new DowntimeInput(
                    r.Values.Get("externalId"), r.Values.Get("code"), r.Values.Get("equipment"), r.Values.Get("line"),
                    parse.Time(Where(i), "startedAt", r.Values.Get("startedAt"), r.Values.Get("line")), parse.Time(Where(i), "endedAt", r.Values.Get("endedAt"), r.Values.Get("line")), r.Values.Get("reason"))).ToList();
                formats.ThrowIfInvalid();
                return (await ingest.DowntimesAsync(downtimes, Where, source, ct)) with { Warnings = warnings };
            case "releases":
                var releases = records.Select((r, i) => new BatchReleaseInput(
                    r.Values.Get("externalId"), r.Values.Get("batch"), r.Values.Get("employeeNo"), parse.Date(Where(i), "releasedOn", r.Values.Get("releasedOn")),
                    parse.Int(Where(i), "quantity", r.Values.Get("quantity")))).ToList();
                formats.ThrowIfInvalid();
                return (await ingest.ReleasesAsync(releases, Where, source, ct)) with { Warnings = warnings };
            default:
                var complaints = records.Select((r, i) => new ComplaintInput(
                    r.Values.Get("externalId"), r.Values.Get("customer"), r.Values.Get("batch"), r.Values.Get("defectType"), r.Values.Get("description"), r.Values.Get("severity"),
                    parse.Date(Where(i), "receivedOn", r.Values.Get("receivedOn")))).ToList();
                formats.ThrowIfInvalid();
                return (await ingest.ComplaintsAsync(complaints, Where, source, ct)) with { Warnings = warnings };
        }
    }

    /// <summary>The first sheet's rows with its name, or a CSV file's rows (no sheet name), as <paramref name="take"/> collects them.</summary>
    private (string? Sheet, List<XlsxRow> Rows) ReadRows(MemoryStream buffer, Func<IEnumerable<XlsxRow>, List<XlsxRow>> take)
    {
        buffer.Position = 0;
        if (XlsxPackage.IsZip(buffer))
        {
            using var workbook = XlsxReader.Open(buffer, limits, t);
            return workbook.SheetNames.Count == 0 ? (null, []) : (workbook.SheetNames[0], take(workbook.Rows(workbook.SheetNames[0])));
        }

        var encoding = CsvReader.EncodingOf(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (encoding is null)
        {
            new Validation().Add("file", t["quality.not_table"]).ThrowIfInvalid();
        }

        using var text = new StreamReader(buffer, encoding!, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return (null, take(CsvReader.Rows(text, limits, t)));
    }

    private static string? Field(string header, string[] fields)
    {
        var h = header.Trim();
        if (Chinese.TryGetValue(h, out var zh))
        {
            return fields.Contains(zh, StringComparer.Ordinal) ? zh : null;
        }

        var key = new string(h.Where(char.IsLetterOrDigit).ToArray());
        return fields.FirstOrDefault(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase));
    }

    private static bool Required(string kind, string field) => field switch
    {
        "product" or "workCentre" or "endedAt" or "reworked" or "firstPassGood" or "foundAt" => false,
        "foundOn" => kind != "defects", // a defect's row needs foundOn or foundAt: checked by row
        "employeeNo" => kind is "operations" or "releases",
        "operation" => kind == "operations",
        "line" => kind != "operations",
        "batch" => kind is not ("complaints" or "lots"),
        _ => true,
    };

    private static string Example(string field) => field switch
    {
        "externalId" => "MES-0001",
        "batch" => "B20261121-01",
        "product" => "支架总成",
        "line" => "W2",
        "operation" => "WELD",
        "workCentre" => "WC-07",
        "employeeNo" => "E1001",
        "startedAt" => "2026-11-21 08:00",
        "foundAt" => "2026-11-21 07:30",
        "endedAt" => "2026-11-21 10:30",
        "producedOn" or "foundOn" or "receivedOn" or "releasedOn" => "2026-11-21",
        "produced" => "1200",
        "reworked" => "12",
        "firstPassGood" => "1180",
        "defectType" => "WELD-POROSITY",
        "quantity" => "8",
        "cause" => "man",
        "audit" => "IA-2026-11",
        "clause" => "8.5.1",
        "nonconformity" => "作业指导书未在岗位展示",
        "orgUnit" => "ASSEMBLY",
        "severity" => "major",
        "customer" => "客户A",
        "code" => "LOT-20261121-07",
        "material" => "Q235 钢板",
        "supplier" => "华东钢材",
        "received" => "5000",
        "inspected" => "200",
        "rejected" => "3",
        "equipment" => "焊机 W2-07",
        "reason" => "送丝机构故障",
        _ => "焊点虚焊",
    };

    /// <summary>Cell format checks; each failure is kept under the same "where.field" key the ingestion uses.</summary>
    private sealed partial class Cells(Validation validation, Func<string?, TimeZoneInfo>? zoneOfLine, Texts t)
    {
        public DateOnly? Date(string where, string field, string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var d))
            {
                return d;
            }

            Fail(where, field, t["validation.date"]);
            return null;
        }

        public DateTimeOffset? Time(string where, string field, string? text, string? line)
        {
            if (text is null)
            {
                return null;
            }

            // A time without an offset (what Excel and most MES exports write) is the local time of the row's line.
            var hasOffset = HasOffset().IsMatch(text);
            if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                return at;
            }

            if (!hasOffset && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return LocalDays.InstantOf(zoneOfLine!(line), local);
            }

            Fail(where, field, t["quality.time_format"]);
            return null;
        }

        public int? Int(string where, string field, string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            Fail(where, field, t["quality.whole_number"]);
            return null;
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$")]
        private static partial System.Text.RegularExpressions.Regex HasOffset();

        private void Fail(string where, string field, string message)
        {
            validation.Add($"{where}.{field}", message);
        }
    }
}

internal static class RowValues
{
    public static string? Get(this Dictionary<string, string?> values, string field) => values.TryGetValue(field, out var v) ? v : null;
}
