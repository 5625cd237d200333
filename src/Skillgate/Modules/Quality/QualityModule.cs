using Skillgate.Platform.Data;
using Skillgate.Modules.Quality.Attribution;
using Skillgate.Modules.Quality.Checks;
using Skillgate.Modules.Quality.Ingestion;
using Skillgate.Modules.Quality.Metrics;
using Skillgate.Modules.Quality.Trace;
using Skillgate.Platform.Composition;

namespace Skillgate.Modules.Quality;

internal sealed class QualityModule : IModule
{
    public int Order => 7;

    public void AddServices(IServiceCollection services)
    {
        services.AddModuleDb<QualityDb>();
        services.AddSingleton(QualityHistoryVocabulary.Value);
        services.AddScoped<Ingestion.IngestHandler>();
        services.AddScoped<Ingestion.QualityFile>();
        services.AddScoped<Ingestion.RecordQueries>();
        services.AddScoped<Trace.TraceQueries>();
        services.AddScoped<Trace.TraceExport>();
        services.AddScoped<Trace.TraceReport>();
        services.AddScoped<Checks.CheckHandler>();
        services.AddSingleton(Checks.DueTile.Tile);
        services.AddScoped<Attribution.AttributionHandler>();
        services.AddScoped<Attribution.DisputeHandler>();
        services.AddScoped<Workflow.Contracts.IWorkflowStepAction, Attribution.DisputeAction>();
        services.AddScoped<Metrics.MetricQueries>();
        services.AddScoped<Contracts.IQualitySignals, Metrics.QualitySignals>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapIngestionEndpoints();
        app.MapMetricEndpoints();
        app.MapCheckEndpoints();
        app.MapTraceEndpoints();
        app.MapAttributionEndpoints();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.QualityDemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalQualityDemoSeeder>();
}
