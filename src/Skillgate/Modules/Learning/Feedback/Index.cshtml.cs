using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Feedback;

[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class IndexModel(FeedbackHandler feedback, LearningDb db) : SkillgatePage
{
    public string CourseTitle { get; private set; } = "";

    public IReadOnlyList<(Guid Id, string Name)> Instructors { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(Guid courseId, CancellationToken ct) => PageOr404Async(() => LoadAsync(courseId, ct));

    public Task<IActionResult> OnPostAsync(Guid courseId, Guid? instructorId, int content, int? instructor, int applicability, string? comment, CancellationToken ct) =>
        ChangeAsync(Permissions.LearnSelf, () => feedback.GiveAsync(new FeedbackInput(courseId, instructorId, content, instructorId is null ? null : instructor, applicability, comment), ct),
            "/Learning/My", () => LoadAsync(courseId, ct));

    private async Task LoadAsync(Guid courseId, CancellationToken ct)
    {
        CourseTitle = await db.Set<Course>().Where(c => c.Id == courseId).Select(c => c.Title).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("course");
        Instructors = (await (from ic in db.Set<InstructorCourse>()
                              join i in db.Set<Instructor>() on ic.InstructorId equals i.Id
                              where ic.CourseId == courseId && i.Active
                              select new { i.Id, i.Name }).ToListAsync(ct)).Select(i => (i.Id, i.Name)).ToList();
    }
}
