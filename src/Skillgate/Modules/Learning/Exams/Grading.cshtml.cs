using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Exams;

/// <summary>Attempts of employees in the caller's scope; short answers wait here for a person to grade them.</summary>
[Authorize(Policy = Permissions.LearningRead)]
internal sealed class GradingModel(AttemptQueries attempts, ExamGrading exams, GradingReader reader) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; } = "awaiting_grading";

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<AttemptSummary> Result { get; private set; } = new([], 0, 1, 25);

    public IReadOnlyDictionary<Guid, IReadOnlyList<GradingReader.ShortAnswer>> Answers { get; private set; } = new Dictionary<Guid, IReadOnlyList<GradingReader.ShortAnswer>>();

    public bool CanGrade { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Learning/Grading?status={Status}&page={p}");

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(Guid attemptId, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () =>
        {
            var points = Request.Form.Keys.Where(k => k.StartsWith("p.", StringComparison.Ordinal))
                .ToDictionary(k => k[2..], k => decimal.TryParse(Request.Form[k], System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1m, StringComparer.Ordinal);
            return exams.GradeAsync(attemptId, new GradeInput(points), attempts, ct);
        }, "/Learning/Grading", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Result = await attempts.ListAsync(null, Status, PageNumber, 25, ct);
        CanGrade = await CanAsync(Permissions.LearningWrite);
        if (CanGrade)
        {
            Answers = await reader.ShortAnswersAsync(Result.Items.Where(a => a.Status == "awaiting_grading").Select(a => a.Id).ToList(), ct);
        }
    }
}
