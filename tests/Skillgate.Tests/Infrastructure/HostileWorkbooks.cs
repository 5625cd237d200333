using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// Spreadsheets built to hurt a server, written part by part with System.IO.Compression (the 1 GB sheet is streamed, so the test
/// itself stays small): zip bombs with honest and with lying sizes, DTDs with entity expansion (billion laughs) and external
/// entities (XXE), a zip that is not a workbook, sheets past the row and column limits, and CSV files of only separators. Written
/// once per test class into a temporary folder, which is removed afterwards.
/// </summary>
public sealed class HostileWorkbooks : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly Dictionary<string, string> Parts = new(StringComparer.Ordinal)
    {
        ["[Content_Types].xml"] = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""",
        ["_rels/.rels"] = $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
        ["xl/workbook.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets><sheet name="员工" sheetId="1" r:id="rId1"/></sheets></workbook>""",
        ["xl/_rels/workbook.xml.rels"] = $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""",
    };

    public HostileWorkbooks()
    {
        Folder = Directory.CreateTempSubdirectory("skillgate-hostile-").FullName;
        Workbook("zip-bomb.xlsx", Bomb);
        Workbook("zip-bomb-lying-size.xlsx", Bomb);
        LieAboutSize(Path.Combine(Folder, "zip-bomb-lying-size.xlsx"), "xl/worksheets/sheet1.xml", 20_000);
        Workbook("billion-laughs.xlsx", w => w.Write(BillionLaughs));
        Workbook("xxe-sheet.xlsx", w => w.Write(Xxe("worksheet", $"""<worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>""")));
        Workbook("xxe-workbook.xlsx", Sheet(1, 1), new()
        {
            ["xl/workbook.xml"] = Xxe("workbook", $"""<workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets><sheet name="&xxe;" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
        });
        Workbook("dtd-in-unused-part.xlsx", Sheet(1, 1), new() { ["docProps/core.xml"] = Xxe("coreProperties", "<coreProperties>&xxe;</coreProperties>") });
        Workbook("dtd-after-long-comment.xlsx", w => w.Write(
            $"""<?xml version="1.0" encoding="UTF-8"?><!--{new string('x', 10_000)}--><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""));
        using (var zip = ZipFile.Open(Path.Combine(Folder, "not-a-workbook.xlsx"), ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("hello.txt").Open());
            writer.Write("just a zip");
        }

        Workbook("rows-declared.xlsx", Sheet(300_000, 1, declare: true));
        Workbook("rows-counted.xlsx", Sheet(300_000, 1, declare: false));
        Workbook("columns-declared.xlsx", Sheet(2, 201, declare: true));
        Workbook("columns-counted.xlsx", Sheet(2, 201, declare: false));
        File.WriteAllText(Path.Combine(Folder, "csv-columns.csv"), new string(',', 9 * 1024 * 1024));
        File.WriteAllText(Path.Combine(Folder, "csv-rows.csv"), new string('\n', 9 * 1024 * 1024));
    }

    public string Folder { get; }

    /// <summary>Every hostile file, with what the refusal says in English ("" when only the 400 matters).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["zip-bomb.xlsx"] = ["unpacks to more than"],
        ["zip-bomb-lying-size.xlsx"] = [""],
        ["billion-laughs.xlsx"] = ["contains a DTD"],
        ["xxe-sheet.xlsx"] = ["contains a DTD"],
        ["xxe-workbook.xlsx"] = ["contains a DTD"],
        ["dtd-in-unused-part.xlsx"] = ["contains a DTD"],
        ["dtd-after-long-comment.xlsx"] = ["is damaged"],
        ["not-a-workbook.xlsx"] = ["not a valid Excel"],
        ["rows-declared.xlsx"] = ["rows"],
        ["rows-counted.xlsx"] = [""],
        ["columns-declared.xlsx"] = ["columns"],
        ["columns-counted.xlsx"] = ["columns"],
        ["csv-columns.csv"] = ["columns", "not a valid Excel"],
        ["csv-rows.csv"] = ["rows", "not a valid Excel"],
    };

    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>About 1 GB of identical rows: a megabyte or two once deflated.</summary>
    private static void Bomb(StreamWriter sheet)
    {
        sheet.Write($"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData>""");
        var row = $"""<row><c t="inlineStr"><is><t>{new string('A', 200)}</t></is></c></row>""";
        var block = string.Concat(Enumerable.Repeat(row, 1000));
        for (long written = 0; written < 1L << 30; written += block.Length)
        {
            sheet.Write(block);
        }

        sheet.Write("</sheetData></worksheet>");
    }

    private static Action<StreamWriter> Sheet(int rows, int columns, bool declare = false) => sheet =>
    {
        var last = Column(columns - 1);
        sheet.Write($"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}">""");
        if (declare)
        {
            sheet.Write($"""<dimension ref="A1:{last}{rows}"/>""");
        }

        sheet.Write("<sheetData>");
        for (var r = 1; r <= rows; r++)
        {
            sheet.Write($"""<row r="{r}">""");
            for (var c = 0; c < columns; c++)
            {
                sheet.Write($"""<c r="{Column(c)}{r}" t="inlineStr"><is><t>x</t></is></c>""");
            }

            sheet.Write("</row>");
        }

        sheet.Write("</sheetData></worksheet>");
    };

    private static string Column(int index) => Skillgate.Platform.Excel.XlsxReader.ColumnName(index);

    private static string Xxe(string root, string body) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>{body}""";

    private static string BillionLaughs
    {
        get
        {
            var entities = new StringBuilder("""<!ENTITY lol0 "lol">""");
            for (var i = 1; i <= 9; i++)
            {
                entities.Append("<!ENTITY lol" + i + " \"" + string.Concat(Enumerable.Repeat("&lol" + (i - 1) + ";", 10)) + "\">");
            }

            return $"""<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [{entities}]><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>""";
        }
    }

    private void Workbook(string name, Action<StreamWriter> sheet, Dictionary<string, string>? replace = null)
    {
        using var zip = ZipFile.Open(Path.Combine(Folder, name), ZipArchiveMode.Create);
        foreach (var (part, xml) in Parts.Concat(replace?.Where(r => !Parts.ContainsKey(r.Key)) ?? []))
        {
            using var writer = new StreamWriter(zip.CreateEntry(part).Open(), new UTF8Encoding(false));
            writer.Write(replace?.GetValueOrDefault(part) ?? xml);
        }

        using var stream = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
        sheet(stream);
    }

    /// <summary>Rewrites the part's declared uncompressed size in its local header and in the central directory.</summary>
    private static void LieAboutSize(string path, string part, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Encoding.UTF8.GetBytes(part);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50 && bytes.AsSpan(i + 46, Math.Min(name.Length, bytes.Length - i - 46)).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
            }
        }

        File.WriteAllBytes(path, bytes);
    }
}
