using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Feedback;
using Skillgate.Modules.Learning.Papers;
using Skillgate.Modules.Learning.Study;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Courses;

[Authorize(Policy = Permissions.LearningRead)]
internal sealed class DetailsModel(
    CourseHandler courses, CourseReviewFlow review, CourseMaterials materials, PaperHandler papers, CourseCompletionQueries completions, FeedbackHandler feedback, LearningHandler learning, IStandardsCatalog standards,
    IOrganizationDirectory organization, ReadableHistory history, Texts t) : SkillgatePage
{
    public CourseDto Course { get; private set; } = null!;

    public IReadOnlyList<PaperDto> Papers { get; private set; } = [];

    public IReadOnlyList<CompletionDto> Completions { get; private set; } = [];

    public IReadOnlyList<FeedbackDto> Feedback { get; private set; } = [];

    public CourseNotes.Summary? Notes { get; private set; }

    public IReadOnlyList<DocumentVersionDto> EffectiveVersions { get; private set; } = [];

    public IReadOnlyList<SkillDto> Skills { get; private set; } = [];

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public bool CanReview { get; private set; }

    public bool CanAssign { get; private set; }

    public bool IsDraft => Course.Status == "draft";

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(() => LoadAsync(id, ct));

    public Task<IActionResult> OnPostUpdateAsync(Guid id, int version, string title, string kind, decimal classHours, int points, decimal cost, string? description,
        int minMaterialPercent, bool requiresExam, int? certificateMonths, decimal? credits, string? creditCategory, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () => courses.UpdateAsync(id, new CourseUpdate(title, kind, classHours, description, Course?.OwnerUnitId, points, cost,
            minMaterialPercent, requiresExam, certificateMonths, version, credits, string.IsNullOrEmpty(creditCategory) ? null : creditCategory), ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostLinksAsync(Guid id, int version, Guid[] versionIds, Guid? skillId, int? skillLevel, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () => courses.SetLinksAsync(id, new CourseLinksInput(versionIds,
            skillId is { } s ? [new CourseSkillInput(s, skillLevel ?? 1)] : [], version), ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostMaterialAsync(Guid id, IFormFile? file, string? title, int? pages, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, async () =>
        {
            if (file is null)
            {
                new Validation().Add("file", t["validation.required"]).ThrowIfInvalid();
            }

            await using var stream = file!.OpenReadStream();
            await materials.AddMaterialAsync(id, stream, file.FileName, file.Length, title, pages ?? 1, ct);
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () => review.SubmitAsync(id, ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostReturnAsync(Guid id, string? comment, CancellationToken ct) =>
        ChangeAsync(Permissions.CourseReview, () => review.ReturnAsync(id, new ReturnInput(comment), ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostApproveAsync(Guid id, string? password, string? meaning, string? comment, CancellationToken ct) =>
        ChangeAsync(Permissions.CourseReview, () => review.ApproveAsync(id, new ApproveInput(password, meaning, comment), ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () => review.ReopenAsync(id, ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostRetireAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(Permissions.CourseReview, () => review.RetireAsync(id, ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostPaperAsync(Guid id, string title, string mode, int timeLimit, int passMark, int attempts, string[] ruleKind, string?[] ruleTag,
        int[] ruleDifficulty, int[] ruleCount, int[] rulePoints, int fixedPoints, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, async () =>
        {
            var rules = ruleKind.Select((k, i) => new PaperRuleInput(k, ruleTag.ElementAtOrDefault(i), ruleDifficulty.ElementAtOrDefault(i), ruleCount.ElementAtOrDefault(i),
                rulePoints.ElementAtOrDefault(i))).Where(r => r.Count > 0).ToList();
            IReadOnlyList<PaperQuestionInput>? fixedQuestions = null;
            if (mode == "fixed")
            {
                var bank = HttpContext.RequestServices.GetRequiredService<Questions.QuestionHandler>();
                fixedQuestions = (await bank.ListAsync(new QuestionQuery(CourseId: id, PageSize: 200), ct)).Items.Select(q => new PaperQuestionInput(q.Id, fixedPoints)).ToList();
            }

            await papers.CreateAsync(new PaperInput(id, title, mode, timeLimit, passMark, attempts, true, fixedQuestions, rules), ct);
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostDeactivatePaperAsync(Guid id, Guid paperId, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () => papers.DeactivateAsync(paperId, ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostAssignAsync(Guid id, string? employeeNos, DateOnly? dueOn, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningAssign, async () =>
        {
            var ids = await organization.IdsAsync("employeeNos", employeeNos, t, ct);
            await learning.EnrollAsync(id, new EnrollInput(ids, dueOn), ct);
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostExternalAsync(Guid id, string? employeeNo, DateOnly completedOn, IFormFile? file, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, async () =>
        {
            var employee = await organization.IdAsync("employeeNo", employeeNo, t, ct);
            if (file is null)
            {
                new Validation().Add("file", t["validation.required"]).ThrowIfInvalid();
            }

            var store = HttpContext.RequestServices.GetRequiredService<Platform.Files.FileStore>();
            await using var stream = file!.OpenReadStream();
            var stored = await store.SaveAsync(stream, file.FileName, file.Length, Platform.Files.FileKinds.Documents, ct);
            await HttpContext.RequestServices.GetRequiredService<LearningDb>().SaveChangesAsync(ct);
            await completions.RecordExternalAsync(id, new ExternalCompletionInput(employee, completedOn, stored.Id), ct);
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    private static string DetailsUrl(Guid id) => $"/Learning/Courses/Details?id={id}";

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Course = await courses.GetAsync(id, ct);
        Papers = await papers.ListAsync(id, ct);
        Completions = await completions.ForCourseAsync(id, ct);
        Feedback = await feedback.ForCourseAsync(id, ct);
        Notes = await HttpContext.RequestServices.GetRequiredService<CourseNotes>().TopAsync(id, 5, ct);
        CanWrite = await CanAsync(Permissions.LearningWrite);
        CanReview = await CanAsync(Permissions.CourseReview);
        CanAssign = await CanAsync(Permissions.LearningAssign);
        if (IsDraft && CanWrite)
        {
            EffectiveVersions = (await standards.ListAsync(ct)).SelectMany(d => d.Versions.Where(v => v.Status == "effective").Select(v => v with { Label = $"{d.Code} {v.Label} · {d.Title}" })).ToList();
            Skills = await HttpContext.RequestServices.GetRequiredService<ISkillCatalog>().ListAsync(ct);
        }

        History = await history.ForEntityAsync("course", id, ct);
    }
}
