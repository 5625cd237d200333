using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Employees;
using Skillgate.Modules.Organization.Import;
using Skillgate.Modules.Organization.Lists;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Modules.Organization.Positions;
using Skillgate.Modules.Organization.Sector;
using Skillgate.Modules.Organization.ShiftGroups;
using Skillgate.Platform.Composition;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Organization;

internal sealed class OrganizationModule : IModule
{
    public int Order => 1;

    public void AddServices(IServiceCollection services)
    {
        services.AddModuleDb<OrganizationDb>();
        services.AddSingleton(OrganizationHistoryVocabulary.Value);
        services.AddScoped<OrgUnitHandler>();
        services.AddScoped<PositionHandler>();
        services.AddScoped<ShiftGroupHandler>();
        services.AddScoped<ListHandler>();
        services.AddScoped<SectorHandler>();
        services.AddBackgroundJob<SectorWordsLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<SectorWordsLoader>());
        services.AddHostedService<LegacyZoneSetting>();
        services.AddScoped<EmployeeHandler>();
        services.AddScoped<EmployeeLifecycle>();
        services.AddScoped<IOrganizationDirectory, OrganizationDirectory>();
        services.AddScoped<ImportHandler>();
        services.AddSingleton<ImportRunner>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapOrgUnitEndpoints();
        app.MapListEndpoints();
        app.MapSectorEndpoints();
        app.MapPositionEndpoints();
        app.MapShiftGroupEndpoints();
        app.MapEmployeeEndpoints();
        app.MapImportEndpoints();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.DemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalDemoSeeder>();
}
