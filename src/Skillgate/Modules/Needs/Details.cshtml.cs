using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Needs.Board;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs;

[Authorize(Policy = Permissions.NeedsRead)]
internal sealed class DetailsModel(NeedHandler needs, ITrainingPlans plans, ICourseCatalog courses, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public NeedDto Need { get; private set; } = null!;

    public IReadOnlyList<Evidence> Items { get; private set; } = [];

    public bool CanDecide { get; private set; }

    public IReadOnlyList<PlanDto> DraftPlans { get; private set; } = [];

    public IReadOnlyList<CourseInfo> Courses { get; private set; } = [];

    public IReadOnlyList<NeedSummary> OtherOpen { get; private set; } = [];

    public sealed record Evidence(string Source, string Text, string? Chart);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public Task<IActionResult> OnPostAcceptAsync(Guid planId, Guid? courseId, CancellationToken ct) =>
        ChangeAsync(Permissions.NeedsDecide, () => needs.AcceptAsync(Id, new AcceptNeedInput(planId, courseId), ct), $"/Needs/Details?id={Id}", () => LoadAsync(ct));

    public Task<IActionResult> OnPostMergeAsync(Guid intoNeedId, CancellationToken ct) =>
        ChangeAsync(Permissions.NeedsDecide, () => needs.MergeAsync(Id, new MergeNeedInput(intoNeedId), ct), $"/Needs/Details?id={Id}", () => LoadAsync(ct));

    public Task<IActionResult> OnPostRejectAsync(string? reason, CancellationToken ct) =>
        ChangeAsync(Permissions.NeedsDecide, () => needs.RejectAsync(Id, new RejectNeedInput(reason), ct), $"/Needs/Details?id={Id}", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Need = await needs.GetAsync(Id, ct);
        var texts = t.For(Texts.CultureOf(System.Globalization.CultureInfo.CurrentUICulture));
        Items = NeedHandler.Evidence(Need.Evidence).Select(e => new Evidence(
            e.Source, e.Render(texts), e.Periods is { Count: > 0 } p && e.Values is { } v ? Charts.Rates(p, [(t[NeedsVocabularies.Source, e.Source], v)]) : null)).ToList();
        CanDecide = Need.Status == "open" && await CanAsync(Permissions.NeedsDecide);
        if (CanDecide)
        {
            DraftPlans = (await plans.ListAsync(ct)).Where(p => p.Status == "draft").ToList();
            Courses = await courses.CurrentAsync(ct);
            OtherOpen = (await needs.ListAsync("open", null, null, 1, 200, ct)).Items.Where(n => n.Id != Id).ToList();
        }
    }
}
