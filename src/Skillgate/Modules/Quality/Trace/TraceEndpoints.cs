using Skillgate.Platform.Auth;
using Skillgate.Platform.Pdf;

namespace Skillgate.Modules.Quality.Trace;

internal static class TraceEndpoints
{
    private const string Xlsx = Skillgate.Platform.Excel.XlsxFile.ContentType;

    public static void MapTraceEndpoints(this IEndpointRouteBuilder app)
    {
        var trace = app.MapGroup("/api/v1/trace").WithTags("Quality: traceability");
        trace.MapGet("/batches/{code}", (string code, TraceQueries h, CancellationToken ct) => h.BatchAsync(code, ct))
            .WithName("TraceBatch").WithSummary("Every operation of the batch with the operator's qualification at that moment, overrides and checks then, and the batch's defects and complaints.")
            .RequireAuthorization(Permissions.QualityRead);
        trace.MapGet("/batches/{code}/export", async (string code, TraceQueries h, TraceExport export, CancellationToken ct) =>
                TypedResults.File(export.Batch(await h.BatchAsync(code, ct)), Xlsx, $"trace-{code}.xlsx"))
            .WithName("ExportBatchTrace").WithSummary("The batch trace as .xlsx.").RequireAuthorization(Permissions.QualityRead);
        trace.MapGet("/batches/{code}/report", async (string code, TraceQueries h, TraceReport report, CancellationToken ct) =>
                TypedResults.File(report.Batch(await h.BatchAsync(code, ct)), PdfReports.ContentType, $"trace-report-{code}.pdf"))
            .WithName("BatchTraceReport").WithSummary("The batch-trace incident report as a PDF: the finding in words, each operation with the operator's standing then, defects and complaints.")
            .Produces(StatusCodes.Status200OK, contentType: PdfReports.ContentType).RequireAuthorization(Permissions.QualityRead);
        trace.MapGet("/employees/{id:guid}", (Guid id, DateOnly from, DateOnly to, TraceQueries h, CancellationToken ct) => h.EmployeeAsync(id, from, to, ct))
            .WithName("TraceEmployee").WithSummary("An employee's operations (with their standing then), trainings, checks and defects over a period.")
            .RequireAuthorization(Permissions.QualityRead);
    }
}
