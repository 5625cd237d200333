using Microsoft.EntityFrameworkCore;

namespace Skillgate.Platform.Data;

/// <summary>The platform's own context: accounts, API keys, files, signatures and audit rows.</summary>
internal sealed class PlatformDb(DbContextOptions<PlatformDb> options) : ModuleDb(options, "platform", Namespace)
{
    public const string Namespace = "Skillgate.Platform";
}
