using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Metrics;

internal static class MetricEndpoints
{
    public static void MapMetricEndpoints(this IEndpointRouteBuilder app)
    {
        var data = app.MapGroup("/api/v1/quality").WithTags("Quality: data");
        data.MapGet("/metrics", (string? dimension, string? period, DateOnly from, DateOnly to, string? defectType, Metrics.MetricQueries h, CancellationToken ct) =>
                h.RowsAsync(dimension ?? "line", period ?? "month", from, to, defectType, ct))
            .WithName("QualityMetrics").WithSummary("Defect rate (and ppm), rework rate and first-pass yield per line, operation, team or employee by day, week or month.")
            .RequireAuthorization(Permissions.QualityRead);
        data.MapGet("/metrics/export", async (string? dimension, string? period, DateOnly from, DateOnly to, string? defectType, Metrics.MetricQueries h, Texts t, CancellationToken ct) =>
            {
                var rows = await h.RowsAsync(dimension ?? "line", period ?? "month", from, to, defectType, ct);
                return TypedResults.File(XlsxFile.Create(t["metrics.title"],
                    [t[QualityVocabularies.MetricDimension, (dimension ?? "line")], t["needs.period"], t["metrics.produced"], t["trace.defects"], t["metrics.defect_rate"], "ppm", t["metrics.rework_rate"], t["metrics.fpy"]],
                    rows.Select(r => new object?[] { r.Group, r.Period, r.Produced, r.Defects, Math.Round(r.DefectRate, 6), Math.Round(r.Ppm), Math.Round(r.ReworkRate, 6), Math.Round(r.FirstPassYield, 6) })),
                    XlsxFile.ContentType, "quality-metrics.xlsx");
            })
            .WithName("ExportQualityMetrics").WithSummary("The quality metrics per group and period as an .xlsx workbook (rates as fractions).")
            .RequireAuthorization(Permissions.QualityRead);
        data.MapGet("/metrics/chart", async (Guid group, string? dimension, string? period, DateOnly from, DateOnly to, string? defectType, DateOnly? baselineFrom, DateOnly? baselineTo,
                    Metrics.MetricQueries h, CancellationToken ct) =>
                Metrics.MetricQueries.Chart(await h.RowsAsync(dimension ?? "line", period ?? "month", from, to, defectType, ct), group, period ?? "month", from, to, baselineFrom, baselineTo))
            .WithName("QualityControlChart").WithSummary(
                "The p-chart of one group: proportion defective, centre line, 3σ limits and the Western Electric rules each point breaks. The limits come from the " +
                "baseline periods (phase I) between baselineFrom and baselineTo, or by default from the first 12 periods, cut before the first period that signals.")
            .RequireAuthorization(Permissions.QualityRead);
    }
}
