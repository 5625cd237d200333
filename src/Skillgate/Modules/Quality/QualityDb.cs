using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Quality;

/// <summary>The Quality module's context: its own entities on the request's unit of work.</summary>
internal sealed class QualityDb(DbContextOptions<QualityDb> options) : ModuleDb(options, "quality", typeof(QualityDb).Namespace!);
