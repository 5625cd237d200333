using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Courses;
using Skillgate.Modules.Learning.Exams;
using Skillgate.Modules.Learning.Papers;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Study;

/// <summary>Studying one course on a phone: materials with progress (resumed where left off) and its exam.</summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class IndexModel(LearningHandler learning, CourseQueries courses, PaperHandler papers, ExamHandler exams, CourseNotes notes) : SkillgatePage
{
    public CourseDto Course { get; private set; } = null!;

    public LearningItem? Item { get; private set; }

    public IReadOnlyDictionary<Guid, MaterialProgressDto> Progress { get; private set; } = new Dictionary<Guid, MaterialProgressDto>();

    public IReadOnlyList<PaperDto> Papers { get; private set; } = [];

    public CourseNotes.Summary? Notes { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid courseId, CancellationToken ct) => PageOr404Async(async () =>
    {
        await learning.EnrollSelfAsync(courseId, ct);
        await LoadAsync(courseId, ct);
    });

    public Task<IActionResult> OnPostProgressAsync(Guid courseId, Guid materialId, int percent, int position, CancellationToken ct) =>
        ChangeAsync(Permissions.LearnSelf, () => learning.SaveProgressAsync(courseId, new ProgressInput(materialId, percent, position), ct),
            $"/Learning/Study?courseId={courseId}#m-{materialId}", () => LoadAsync(courseId, ct));

    public async Task<IActionResult> OnPostStartAsync(Guid courseId, Guid paperId, CancellationToken ct)
    {
        try
        {
            var attempt = await exams.StartAsync(paperId, ct);
            return Redirect($"/Learning/Exam?id={attempt.Id}");
        }
        catch (RuleViolationException e) when (e.Details?.GetValueOrDefault("attemptId") is Guid open)
        {
            return Redirect($"/Learning/Exam?id={open}");
        }
        catch (RuleViolationException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            await LoadAsync(courseId, ct);
            return Page();
        }
    }

    private async Task LoadAsync(Guid courseId, CancellationToken ct)
    {
        Course = await courses.GetAsync(courseId, ct);
        if (Course.Status != "published")
        {
            throw new NotFoundException("course");
        }

        Item = (await learning.MineAsync(ct)).Assigned.FirstOrDefault(i => i.CourseId == courseId);
        Progress = (await learning.ProgressAsync(courseId, ct)).ToDictionary(p => p.MaterialId);
        Papers = (await papers.ListAsync(courseId, ct)).Where(p => p.Active).ToList();
        Notes = await notes.TopAsync(courseId, 5, ct);
    }
}
