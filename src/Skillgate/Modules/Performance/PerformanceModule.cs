using Skillgate.Platform.Composition;

namespace Skillgate.Modules.Performance;

/// <summary>Quality KPIs: versioned definitions computed from the data, scoring periods closed with a signature, and every score's records.</summary>
internal sealed class PerformanceModule : IModule
{
    public int Order => 11;

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<Definitions.DefinitionHandler>();
        services.AddScoped<Periods.PeriodHandler>();
        services.AddScoped<Scores.ScoreHandler>();
        services.AddScoped<Goals.GoalHandler>();
        services.AddSingleton(Goals.KpiTreePanel.Panel);
        services.AddSingleton(Goals.CockpitTile.Tile);
        services.AddScoped<Cockpit.CockpitLoader>();
        services.AddScoped<Goals.GoalTemplateHandler>();
        services.AddScoped<Results.ResultRuleHandler>();
        services.AddScoped<Results.ResultHandler>();
        services.AddScoped<Results.ResultExport>();
        services.AddScoped<Appeals.AppealHandler>();
        services.AddScoped<Workflow.Contracts.IWorkflowStepAction, Appeals.AppealAction>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapPerformanceEndpoints();

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.PerformanceDemoSeeder>();
}
