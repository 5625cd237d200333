using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow;

internal static class WorkflowModule
{
    public static void AddWorkflow(IServiceCollection services)
    {
        services.AddSingleton(WorkflowHistoryVocabulary.Value);
        services.AddScoped<Definitions.DefinitionHandler>();
        services.AddScoped<Calendars.CalendarHandler>();
        services.AddScoped<Instances.FormValues>();
        services.AddScoped<Instances.TaskActivation>();
        services.AddScoped<Instances.MocTrainingPlan>();
        services.AddScoped<Instances.InstanceReader>();
        services.AddScoped<Instances.ReferenceOptions>();
        services.AddScoped<Instances.InstanceHandler>();
        services.AddBackgroundJob<Sla.EscalationJob>();
    }
}
