using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning;

/// <summary>The Learning module's context: its own entities on the request's unit of work.</summary>
internal sealed class LearningDb(DbContextOptions<LearningDb> options, UnitOfWork work) : ModuleDb(options, work, "learning", typeof(LearningDb).Namespace!);
