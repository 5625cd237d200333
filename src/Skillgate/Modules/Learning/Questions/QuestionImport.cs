using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Questions;

/// <summary>
/// Question import from .xlsx (first sheet, header row, then one question per row): all rows are checked first and
/// either every question is added or none, with the errors listed by row and column.
/// </summary>
internal sealed class QuestionImport(LearningDb db, QuestionHandler questions, XlsxLimits limits, TimeProvider clock, Texts t)
{
    public const long MaxBytes = 10L * 1024 * 1024;
    public const int MaxRows = 5000;

    private static readonly string[] Columns = ["course", "skill", "kind", "stem", "options", "answer", "difficulty", "tags"];

    private static readonly Dictionary<string, string> KindNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["single"] = QuestionKind.Single, ["单选"] = QuestionKind.Single, ["单选题"] = QuestionKind.Single,
        ["multiple"] = QuestionKind.Multiple, ["多选"] = QuestionKind.Multiple, ["多选题"] = QuestionKind.Multiple,
        ["true_false"] = QuestionKind.TrueFalse, ["判断"] = QuestionKind.TrueFalse, ["判断题"] = QuestionKind.TrueFalse,
        ["fill"] = QuestionKind.Fill, ["填空"] = QuestionKind.Fill, ["填空题"] = QuestionKind.Fill,
        ["short"] = QuestionKind.Short, ["简答"] = QuestionKind.Short, ["简答题"] = QuestionKind.Short,
    };

    public byte[] Template()
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            writer.AddSheet(t["learning.questions"], Columns.Select(c => t[LearningVocabularies.QuestionImportColumn, c].Value).ToList(),
            [
                ["WELD-101", "", t["learning.kind.single"].Value, "焊接前必须检查的是？", "焊机接地|焊丝颜色|天气", "A", 2, "weld-safety"],
                ["WELD-101", "", t["learning.kind.multiple"].Value, "属于个人防护用品的是？", "面罩|手套|手机", "AB", 2, "weld-safety"],
                ["WELD-101", "", t["learning.kind.true_false"].Value, "可以在潮湿地面上焊接。", "", "B", 1, "weld-safety"],
                ["WELD-101", "", t["learning.kind.fill"].Value, "氩弧焊的保护气体是＿＿。", "", "氩气|Ar", 3, ""],
            ]);
        }

        return buffer.ToArray();
    }

    public async Task<QuestionImportResult> ImportAsync(Stream content, long length, CancellationToken ct)
    {
        if (length <= 0 || length > MaxBytes)
        {
            new Validation().Add("file", t["import.file_size", MaxBytes / 1024 / 1024]).ThrowIfInvalid();
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        using var reader = XlsxReader.Open(buffer, limits, t);
        if (reader.SheetNames.Count == 0)
        {
            new Validation().Add("file", t["import.not_excel"]).ThrowIfInvalid();
        }

        var courses = await db.Set<Course>().ToDictionaryAsync(c => c.Code.ToUpperInvariant(), c => c.Id, ct);
        var skills = (await db.Database.SqlQuery<SkillCode>($"SELECT id AS \"Id\", code AS \"Code\" FROM competence.skill_v").ToListAsync(ct))
            .ToDictionary(s => s.Code.ToUpperInvariant(), s => s.Id);
        var errors = new List<QuestionImportError>();
        var valid = new List<Question>();
        var now = clock.GetUtcNow();
        var sheet = reader.SheetNames[0];
        var notes = new List<int>();
        foreach (var row in TableRows.WithoutNotes(reader.Rows(sheet), notes).Skip(1))
        {
            if (row.Cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (valid.Count + errors.Count >= MaxRows)
            {
                errors.Add(new QuestionImportError(row.Number, "", t["import.too_many_rows", MaxRows], sheet));
                break;
            }

            var rowErrors = new List<QuestionImportError>();
            Guid? course = null;
            Guid? skill = null;
            if (row[0] is { } courseCode)
            {
                course = courses.TryGetValue(courseCode.Trim().ToUpperInvariant(), out var c) ? c : null;
                if (course is null)
                {
                    rowErrors.Add(Error(sheet, row.Number, "course", t["learning.course_unknown"]));
                }
            }

            if (row[1] is { } skillCode)
            {
                skill = skills.TryGetValue(skillCode.Trim().ToUpperInvariant(), out var s) ? s : null;
                if (skill is null)
                {
                    rowErrors.Add(Error(sheet, row.Number, "skill", t["competence.skill_unknown"]));
                }
            }

            var kind = row[2] is { } k && KindNames.TryGetValue(k.Trim(), out var known) ? known : row[2]?.Trim() ?? "";
            var options = SplitOptions(row[4]);
            var input = new QuestionInput(
                course, skill, kind, row[3] ?? "", options, Answer(kind, row[5], options.Count), int.TryParse(row[6], out var d) ? d : row[6] is null ? 1 : 0,
                (row[7] ?? "").Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var check = questions.Check(input, course is not null || row[0] is null, skill is not null || row[1] is null, out var shown);
            if (rowErrors.Count == 0 && check.IsValid)
            {
                valid.Add(QuestionHandler.Build(new Question { Id = Guid.CreateVersion7(now), Kind = kind, Stem = "", CreatedAt = now }, input, shown));
                continue;
            }

            errors.AddRange(rowErrors);
            try
            {
                check.ThrowIfInvalid();
            }
            catch (ValidationFailedException e)
            {
                errors.AddRange(e.Errors.Where(x => x.Key is not ("courseId" or "skillId") || rowErrors.Count == 0)
                    .SelectMany(x => x.Value.Select(m => Error(sheet, row.Number, Column(x.Key), m))));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors.Take(200).GroupBy(e => $"{e.Sheet} row {e.Row}, {e.Column}")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
        }

        db.AddRange(valid);
        await db.SaveChangesAsync(ct);
        return new QuestionImportResult(valid.Count, [], notes.Select(n => t["import.warning_at", sheet, n, t["import.note_ignored"]].Value).ToList());
    }

    /// <summary>An error named as the file names it: its sheet, the row, the column's letter and header.</summary>
    private QuestionImportError Error(string sheet, int row, string column, string message) =>
        new(row, $"{XlsxReader.ColumnName(Array.IndexOf(Columns, column))} ({t[LearningVocabularies.QuestionImportColumn, column]})", message, sheet);

    private static string Column(string field) => field switch
    {
        "courseId" => "course",
        "skillId" => "skill",
        "answerKey" => "answer",
        _ => field,
    };

    private static List<string> SplitOptions(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(['\n', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Choice answers are letters (A, AC, A,C; 对/错 for true/false); fill-in answers are texts separated by |.</summary>
    private static List<string> Answer(string kind, string? text, int options)
    {
        text = text?.Trim() ?? "";
        if (kind == QuestionKind.TrueFalse && text is "对" or "正确" or "T" or "TRUE" or "true" or "√")
        {
            return ["0"];
        }

        if (kind == QuestionKind.TrueFalse && text is "错" or "错误" or "F" or "FALSE" or "false" or "×")
        {
            return ["1"];
        }

        if (QuestionKind.IsChoice(kind))
        {
            var letters = text.ToUpperInvariant().Where(char.IsAsciiLetter).ToList();
            return letters.Count == 0 || letters.Any(l => l - 'A' >= Math.Max(options, 2))
                ? ["-1"]
                : letters.Select(l => (l - 'A').ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }

        return kind == QuestionKind.Short ? text.Length == 0 ? [] : [text] : text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private sealed class SkillCode
    {
        public Guid Id { get; init; }

        public string Code { get; init; } = "";
    }
}
