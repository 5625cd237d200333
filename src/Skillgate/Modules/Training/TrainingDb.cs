using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training;

/// <summary>The Training module's context: its own entities on the request's unit of work.</summary>
internal sealed class TrainingDb(DbContextOptions<TrainingDb> options) : ModuleDb(options, "training", typeof(TrainingDb).Namespace!);
