using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Audit;

namespace Skillgate.Platform.Data;

internal static class ModuleDbRegistration
{
    /// <summary>Registers a module's context over the request's <see cref="UnitOfWork"/>, with versioning, audit and scope.</summary>
    public static IServiceCollection AddModuleDb<TDb>(this IServiceCollection services)
        where TDb : ModuleDb =>
        services.AddDbContext<TDb>((sp, options) =>
        {
            var work = sp.GetRequiredService<UnitOfWork>();
            options.UseNpgsql(work.Connection)
                .AddInterceptors(sp.GetRequiredService<VersioningInterceptor>(), sp.GetRequiredService<AuditingInterceptor>(), new ScopeInterceptor(work));
        });
}
