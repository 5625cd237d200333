using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning;

/// <summary>The Learning module's context: its own entities on the request's unit of work.</summary>
internal sealed class LearningDb(DbContextOptions<LearningDb> options) : ModuleDb(options, "learning", typeof(LearningDb).Namespace!)
{
    /// <summary>
    /// A course, read from the database once per unit of work: grading, completion, the listeners and the result page all ask
    /// for it, and later asks find it in the context (it is tracked; the completion path does not change it).
    /// </summary>
    public ValueTask<Course?> CourseAsync(Guid id, CancellationToken ct) => Set<Course>().FindAsync([id], ct);

    /// <summary>A paper, once per unit of work (see <see cref="CourseAsync"/>).</summary>
    public ValueTask<Paper?> PaperAsync(Guid id, CancellationToken ct) => Set<Paper>().FindAsync([id], ct);
}
