using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Exams;

/// <summary>Taking an exam on a phone. The page never holds the answer key; the countdown shows the server's deadline.</summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class TakeModel(ExamHandler exams) : SkillgatePage
{
    public AttemptView Exam { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(async () => Exam = await exams.ViewAsync(id, ct));

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var answers = Request.Form.Keys.Where(k => k.StartsWith("a.", StringComparison.Ordinal))
            .ToDictionary(k => k[2..], k => (IReadOnlyList<string>)Request.Form[k].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList(), StringComparer.Ordinal);
        return await PageOr404Async(async () =>
        {
            try
            {
                Exam = await exams.SubmitAsync(id, new AnswersInput(answers), ct);
            }
            catch (RuleViolationException e)
            {
                ModelState.AddModelError(string.Empty, e.Message);
                Exam = await exams.ViewAsync(id, ct);
            }
            catch (ValidationFailedException)
            {
                Exam = await exams.ViewAsync(id, ct);
            }
        });
    }
}
