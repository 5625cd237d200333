using Skillgate.Modules.Admin.ApiKeys;
using Skillgate.Modules.Admin.Audit;
using Skillgate.Modules.Admin.Jobs;
using Skillgate.Modules.Admin.Users;
using Skillgate.Platform.Composition;

namespace Skillgate.Modules.Admin;

internal sealed class AdminModule : IModule
{
    public int Order => 2;

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<UserHandler>();
        services.AddScoped<ApiKeyHandler>();
        services.AddScoped<Jobs.JobQueries>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapUserEndpoints();
        app.MapSignInEndpoints();
        app.MapAuditEndpoints();
        app.MapJobEndpoints();
    }
}
