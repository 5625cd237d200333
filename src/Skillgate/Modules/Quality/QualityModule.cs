using Skillgate.Platform.Data;
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
        services.AddScoped<Checks.CheckHandler>();
        services.AddScoped<Metrics.MetricQueries>();
        services.AddScoped<Contracts.IQualitySignals, Metrics.QualitySignals>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapQualityApi();

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.QualityDemoSeeder>();
}
