using Skillgate.Modules.Workflow.Calendars;
using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Modules.Workflow.Sla;
using Skillgate.Platform.Composition;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow;

internal sealed class WorkflowModule : IModule
{
    public int Order => 9;

    public void AddServices(IServiceCollection services)
    {
        services.AddSingleton(WorkflowHistoryVocabulary.Value);
        services.AddScoped<Definitions.DefinitionHandler>();
        services.AddSingleton(Sla.SlaTile.Tile);
        services.AddSingleton(Sla.FunctionSlaPanel.Panel);
        services.AddScoped<Calendars.CalendarHandler>();
        services.AddScoped<Instances.FormValues>();
        services.AddScoped<Instances.TaskActivation>();
        services.AddScoped<Instances.MocTrainingPlan>();
        services.AddScoped<Instances.InstanceReader>();
        services.AddScoped<Instances.ReferenceOptions>();
        services.AddScoped<Instances.InstanceHandler>();
        services.AddScoped<Contracts.IWorkflowStarter, Instances.WorkflowStarter>();
        services.AddBackgroundJob<Sla.EscalationJob>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapDefinitionEndpoints();
        app.MapCalendarEndpoints();
        app.MapInstanceEndpoints();
        app.MapBreachEndpoints();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.WorkflowDemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalWorkflowDemoSeeder>();
}
