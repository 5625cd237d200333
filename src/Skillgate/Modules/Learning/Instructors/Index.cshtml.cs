using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Instructors;

[Authorize(Policy = Permissions.LearningRead)]
internal sealed class IndexModel(InstructorHandler instructors, Courses.CourseHandler courses, IOrganizationDirectory organization, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<InstructorDto> Instructors { get; private set; } = [];

    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string kind, string? employeeNo, string? name, string? organizationName, string? subjects, Guid[] courseIds, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, async () =>
        {
            Guid? employee = null;
            if (kind == "internal")
            {
                employee = await organization.IdAsync("employeeNo", employeeNo, t, ct);
            }

            await instructors.CreateAsync(new InstructorInput(kind, employee, name, organizationName, subjects, courseIds), ct);
        }, "/Learning/Instructors", () => LoadAsync(ct));

    public Task<IActionResult> OnPostUpdateAsync(Guid instructorId, string? subjects, Guid[] courseIds, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, async () =>
        {
            var current = await instructors.GetAsync(instructorId, ct);
            await instructors.UpdateAsync(instructorId, new InstructorInput(current.Kind, current.EmployeeId, current.Name, current.Organization, subjects, courseIds), ct);
        }, "/Learning/Instructors", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDeactivateAsync(Guid instructorId, CancellationToken ct) =>
        ChangeAsync(Permissions.LearningWrite, () => instructors.DeactivateAsync(instructorId, ct), "/Learning/Instructors", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Instructors = await instructors.ListAsync(Q, ct);
        CanWrite = await CanAsync(Permissions.LearningWrite);
        Courses = CanWrite ? (await courses.ListAsync(null, null, 1, 200, ct)).Items : [];
    }
}
