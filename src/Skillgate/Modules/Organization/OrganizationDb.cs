using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Organization;

/// <summary>The Organization module's context: its own entities on the request's unit of work.</summary>
internal sealed class OrganizationDb(DbContextOptions<OrganizationDb> options) : ModuleDb(options, "org", typeof(OrganizationDb).Namespace!);
