using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Questions;

[Authorize(Policy = Permissions.LearningWrite)]
[RequestSizeLimit(QuestionImport.MaxBytes + UploadLimit.Framing)]
[RequestFormLimits(MultipartBodyLengthLimit = QuestionImport.MaxBytes + UploadLimit.Framing)]
internal sealed class IndexModel(QuestionHandler questions, QuestionImport import, Courses.CourseHandler courses, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? CourseId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<QuestionDto> Result { get; private set; } = new([], 0, 1, 25);

    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];

    public string? Imported { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total,
        p => $"/Learning/Questions?courseId={CourseId}&kind={Kind}&tag={Uri.EscapeDataString(Tag ?? "")}&q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(Guid? courseIdNew, string kindNew, string stem, string? options, string? answer, int difficulty, string? tags, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () => questions.CreateAsync(new QuestionInput(
            courseIdNew, null, kindNew, stem, Lines(options), Answer(kindNew, answer), difficulty, (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), ct),
            $"/Learning/Questions?courseId={courseIdNew}", () => LoadAsync(ct));

    public Task<IActionResult> OnPostUpdateAsync(Guid questionId, string stem, string? options, string? answer, int difficulty, string? tags, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, async () =>
        {
            var current = await questions.GetAsync(questionId, ct);
            await questions.UpdateAsync(questionId, new QuestionInput(
                current.CourseId, current.SkillId, current.Kind, stem, Lines(options), Answer(current.Kind, answer), difficulty,
                (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), ct);
        }, $"/Learning/Questions?courseId={CourseId}", () => LoadAsync(ct));

    /// <summary>The answer key as the form shows it: letters for choice questions, texts separated by | otherwise.</summary>
    public static string AnswerText(QuestionDto q) =>
        q.Options.Count > 0 ? string.Concat(q.AnswerKey.Select(k => (char)('A' + int.Parse(k, System.Globalization.CultureInfo.InvariantCulture)))) : string.Join("|", q.AnswerKey);

    public Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct) =>
        Attempt(async () =>
        {
            if (file is null)
            {
                new Validation().Add("file", t["validation.required"]).ThrowIfInvalid();
            }

            await using var stream = file!.OpenReadStream();
            var result = await import.ImportAsync(stream, file.Length, ct);
            Flash(string.Join(" ", result.Warnings.Prepend(t["questions.imported", result.Imported].Value)));
            return Redirect("/Learning/Questions");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });

    public Task<IActionResult> OnPostDeactivateAsync(Guid questionId, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () => questions.DeactivateAsync(questionId, ct), "/Learning/Questions", () => LoadAsync(ct));

    public IActionResult OnGetTemplate() => File(import.Template(), Skillgate.Platform.Excel.XlsxFile.ContentType, "questions-template.xlsx");

    private static List<string> Lines(string? text) => (text ?? "").Split(['\n', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Choice answers are typed as letters (A, AC), fill-in answers as texts separated by |.</summary>
    private static List<string> Answer(string kind, string? text) =>
        Domain.QuestionKind.IsChoice(kind)
            ? (text ?? "").ToUpperInvariant().Where(char.IsAsciiLetter).Select(l => (l - 'A').ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()
            : Lines(text);

    private async Task LoadAsync(CancellationToken ct)
    {
        Result = await questions.ListAsync(new QuestionQuery(CourseId, null, Kind, Tag, Q, PageNumber, 25), ct);
        Courses = (await courses.ListAsync(null, null, 1, 200, ct)).Items;
    }
}
