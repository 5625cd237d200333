using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Audit;

namespace Skillgate.Platform.Data;

internal static class ModuleDbRegistration
{
    /// <summary>
    /// Registers a module's context over the request's <see cref="UnitOfWork"/>, with versioning, audit and scope. Contexts are
    /// pooled: a context's internal services (query compilation, type mapping, the model's lookup) are built once per pooled
    /// instance, not once per request; each lease is handed the unit (<see cref="ModuleDb.Lease{TDb}"/>).
    /// </summary>
    public static IServiceCollection AddModuleDb<TDb>(this IServiceCollection services)
        where TDb : ModuleDb
    {
        services.AddPooledDbContextFactory<TDb>((sp, options) =>
            options.UseNpgsql()
                .AddInterceptors(sp.GetRequiredService<VersioningInterceptor>(), sp.GetRequiredService<AuditingInterceptor>(), ScopeInterceptor.Instance));
        return services.AddScoped(sp => ModuleDb.Lease(sp.GetRequiredService<IDbContextFactory<TDb>>(), sp.GetRequiredService<UnitOfWork>()));
    }
}
