using Skillgate.Modules.Standards.Documents;
using Skillgate.Platform.Composition;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Standards;

internal sealed class StandardsModule : IModule
{
    public int Order => 3;

    public void AddServices(IServiceCollection services)
    {
        services.AddModuleDb<StandardsDb>();
        services.AddSingleton(StandardsHistoryVocabulary.Value);
        services.AddScoped<Documents.DocumentHandler>();
        services.AddSingleton(Documents.ReleaseTile.Tile);
        services.AddScoped<Contracts.IStandardsCatalog, StandardsCatalog>();
        services.AddScoped<Contracts.IStandardsMaintenance>(sp => sp.GetRequiredService<Documents.DocumentHandler>());
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapDocumentEndpoints();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.StandardsDemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalStandardsDemoSeeder>();
}
