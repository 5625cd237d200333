using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Courses;

[Authorize(Policy = Permissions.LearningRead)]
internal sealed class IndexModel(CourseHandler courses, IOrganizationDirectory organization) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<CourseSummary> Result { get; private set; } = new([], 0, 1, 25);

    public bool CanWrite { get; private set; }

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total,
        p => $"/Learning/Courses?q={Uri.EscapeDataString(Q ?? "")}&status={Status}&page={p}");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string code, string title, string kind, decimal classHours, int points, decimal cost, string? description, Guid? ownerUnitId, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.LearningWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var created = await courses.CreateAsync(new CourseInput(code, title, kind, classHours, description, ownerUnitId, points, cost), ct);
            return Redirect($"/Learning/Courses/Details?id={created.Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Result = await courses.ListAsync(Q, Status, PageNumber, 25, ct);
        CanWrite = await CanAsync(Permissions.LearningWrite);
        Units = CanWrite ? await organization.VisibleTreeAsync(false, ct) : [];
    }
}
