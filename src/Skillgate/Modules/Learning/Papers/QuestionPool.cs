using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning.Papers;

/// <summary>The active bank questions a paper of a course may draw: the course's own and those on the skills it raises.</summary>
internal static class QuestionPool
{
    public static async Task<IQueryable<Question>> ForCourseAsync(LearningDb db, Guid courseId, CancellationToken ct)
    {
        var skills = await db.Set<CourseSkill>().Where(s => s.CourseId == courseId).Select(s => s.SkillId).ToListAsync(ct);
        return db.Set<Question>().AsNoTracking().Where(q => q.Active && (q.CourseId == courseId || (q.SkillId != null && skills.Contains(q.SkillId.Value))));
    }

    public static IQueryable<Question> Matching(IQueryable<Question> pool, string kind, string? tag, int minDifficulty)
    {
        var matching = pool.Where(q => q.Kind == kind && q.Difficulty >= minDifficulty);
        return tag is null ? matching : matching.Where(q => q.Tags.Contains(tag));
    }
}
