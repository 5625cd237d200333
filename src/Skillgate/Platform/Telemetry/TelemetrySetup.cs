using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Skillgate.Platform.Jobs;

namespace Skillgate.Platform.Telemetry;

/// <summary>
/// OpenTelemetry, off unless asked for: <c>Skillgate:Telemetry:Prometheus</c> (true) serves a scrape endpoint at
/// <c>/metrics</c>; <c>Skillgate:Telemetry:OtlpEndpoint</c> (a URL) exports metrics and traces over OTLP. Metrics: HTTP request
/// rates and latencies (ASP.NET Core's own meters), Npgsql's, and <see cref="SkillgateMetrics"/>; traces: requests and SQL commands.
/// </summary>
internal static class TelemetrySetup
{
    public const string ScrapePath = "/metrics";

    public static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue("Skillgate:Telemetry:Prometheus", false);

    public static void AddTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        var prometheus = PrometheusEnabled(configuration);
        var otlp = configuration["Skillgate:Telemetry:OtlpEndpoint"] is { Length: > 0 } url ? new Uri(url) : null;
        if (!prometheus && otlp is null)
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("skillgate", serviceInstanceId: NodeName.Of(configuration)))
            .WithMetrics(m =>
            {
                m.AddMeter(SkillgateMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql");
                if (prometheus)
                {
                    m.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    m.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        if (otlp is not null)
        {
            services.AddOpenTelemetry().WithTracing(t => t.AddSource("Microsoft.AspNetCore").AddNpgsql().AddOtlpExporter(o => o.Endpoint = otlp));
        }
    }

    public static void MapTelemetry(WebApplication app)
    {
        if (PrometheusEnabled(app.Configuration) || app.Configuration["Skillgate:Telemetry:OtlpEndpoint"] is { Length: > 0 })
        {
            SkillgateMetrics.SequencerLag = () => SequencerLag(app.Services.GetRequiredService<NpgsqlDataSource>());
        }

        if (PrometheusEnabled(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(ScrapePath).AllowAnonymous();
        }
    }

    /// <summary>The sequencer's lag for the gauge: one indexed query when the metrics are collected.</summary>
    public static double SequencerLag(NpgsqlDataSource dataSource)
    {
        try
        {
            using var cmd = dataSource.CreateCommand(
                "SELECT coalesce(extract(epoch FROM clock_timestamp() - min(appended_at)), 0)::float8 FROM audit.event WHERE seq IS NULL");
            return (double)cmd.ExecuteScalar()!;
        }
        catch (NpgsqlException)
        {
            return double.NaN;
        }
    }
}
