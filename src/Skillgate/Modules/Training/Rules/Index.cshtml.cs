using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Rules;

/// <summary>Each classroom and practical course's rules for which attendance completes it, and the form to change one.</summary>
[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class IndexModel(RuleQueries queries, Results.ResultHandler handler, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [FromQuery(Name = "courseId")]
    public Guid? CourseId { get; set; }

    public Page<CourseRuleRow> Result { get; private set; } = new([], 0, 1, 25);

    public AttendanceRuleDto? Editing { get; private set; }

    public bool CanWrite { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Training/Rules?q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public async Task<IActionResult> OnPostAsync(Guid courseId, bool requireCheckOut, int minPresencePercent, string[]? blockingFlags, int version, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.TrainingWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            await handler.SaveRuleAsync(courseId, new AttendanceRuleInput(requireCheckOut, minPresencePercent, blockingFlags ?? [], version), ct);
            Flash(t["rules.saved"]);
            return Redirect($"/Training/Rules?q={Uri.EscapeDataString(Q ?? "")}");
        }, async () =>
        {
            CourseId = courseId;
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = await CanAsync(Permissions.TrainingWrite);
        Result = await queries.ListAsync(Q, PageNumber, 25, ct);
        Editing = CourseId is { } id ? await handler.RuleAsync(id, ct) : null;
    }
}
