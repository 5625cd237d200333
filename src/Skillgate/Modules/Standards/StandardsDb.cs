using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Standards;

/// <summary>The Standards module's context: its own entities on the request's unit of work.</summary>
internal sealed class StandardsDb(DbContextOptions<StandardsDb> options) : ModuleDb(options, "standards", typeof(StandardsDb).Namespace!);
