namespace Skillgate.Modules.Quality;

internal static class QualityModule
{
    public static void AddQuality(IServiceCollection services)
    {
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
}
