using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Practicals;

[Authorize(Policy = Permissions.Evaluate)]
internal sealed class IndexModel(PracticalHandler practicals, Courses.CourseHandler courses, IOrganizationDirectory organization, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<PracticalDto> Practicals { get; private set; } = [];

    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(Guid courseId, string? employeeNo, CancellationToken ct) =>
        await Attempt(async () =>
        {
            var employee = await organization.IdAsync("employeeNo", employeeNo, t, ct);
            var practical = await practicals.StartAsync(new PracticalStart(courseId, employee), ct);
            return Redirect($"/Learning/Practicals/Details?id={practical.Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });

    private async Task LoadAsync(CancellationToken ct)
    {
        Practicals = await practicals.ListAsync(!All, ct);
        Courses = (await courses.ListAsync(null, "published", 1, 200, ct)).Items.Where(c => c.Kind is "practical" or "on_the_job").ToList();
    }
}
