using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Competence;

/// <summary>The Competence module's context: its own entities on the request's unit of work.</summary>
internal sealed class CompetenceDb(DbContextOptions<CompetenceDb> options) : ModuleDb(options, "competence", typeof(CompetenceDb).Namespace!);
