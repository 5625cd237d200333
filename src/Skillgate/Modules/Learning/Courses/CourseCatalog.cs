using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning.Courses;

internal sealed class CourseCatalog(LearningDb db) : ICourseCatalog
{
    public Task<CourseInfo?> CourseAsync(Guid courseId, CancellationToken ct) =>
        db.Set<Course>().AsNoTracking().Where(c => c.Id == courseId)
            .Select(c => new CourseInfo(c.Id, c.Code, c.Title, c.Kind, c.Status, c.RequiresExam, c.CostPerParticipant)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<CourseInfo>> CurrentAsync(CancellationToken ct) =>
        await db.Set<Course>().AsNoTracking().Where(c => c.Status != "retired").OrderBy(c => c.Code)
            .Select(c => new CourseInfo(c.Id, c.Code, c.Title, c.Kind, c.Status, c.RequiresExam, c.CostPerParticipant)).ToListAsync(ct);

    public Task<bool> ExamPassedAsync(Guid courseId, Guid employeeId, CancellationToken ct) =>
        (from a in db.Set<Attempt>()
         join p in db.Set<Paper>() on a.PaperId equals p.Id
         where p.CourseId == courseId && a.EmployeeId == employeeId && a.Passed == true
         select a.Id).AnyAsync(ct);
}
