using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Quality.Ingestion;
using Skillgate.Modules.Quality.Trace;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality;

internal static class QualityApi
{
    private const string Xlsx = Skillgate.Platform.Excel.XlsxFile.ContentType;

    public static void MapQualityApi(this IEndpointRouteBuilder app)
    {
        var data = app.MapGroup("/api/v1/quality").WithTags("Quality: data");
        static string Item(int i) => $"[{i}]";
        data.MapPost("/operation-records", (List<OperationRecordInput> items, IngestHandler h, CancellationToken ct) => h.OperationsAsync(items, Item, "api", ct))
            .WithName("IngestOperationRecords").WithSummary("Operation records from MES (up to 5,000 per call); idempotent by externalId, all or nothing.")
            .RequireAuthorization(Permissions.QualityWrite);
        data.MapPost("/counts", (List<CountInput> items, IngestHandler h, CancellationToken ct) => h.CountsAsync(items, Item, "api", ct))
            .WithName("IngestCounts").WithSummary("Production counts per batch, line and day; idempotent by externalId, all or nothing.").RequireAuthorization(Permissions.QualityWrite);
        data.MapPost("/defects", (List<DefectInput> items, IngestHandler h, CancellationToken ct) => h.DefectsAsync(items, Item, "api", ct))
            .WithName("IngestDefects").WithSummary("Defects with type, quantity and 5M1E cause; idempotent by externalId, all or nothing.").RequireAuthorization(Permissions.QualityWrite);
        data.MapPost("/audit-findings", (List<FindingInput> items, IngestHandler h, CancellationToken ct) => h.FindingsAsync(items, Item, "api", ct))
            .WithName("IngestAuditFindings").WithSummary("QA audit nonconformities with clause and department; idempotent by externalId.").RequireAuthorization(Permissions.QualityWrite);
        data.MapPost("/complaints", (List<ComplaintInput> items, IngestHandler h, CancellationToken ct) => h.ComplaintsAsync(items, Item, "api", ct))
            .WithName("IngestComplaints").WithSummary("Customer complaints, optionally naming the batch; idempotent by externalId.").RequireAuthorization(Permissions.QualityWrite);
        data.MapPost("/files/{kind}", async (string kind, IFormFile file, QualityFile h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                return await h.ImportAsync(kind, stream, file.Length, file.FileName, ct);
            })
            .WithName("UploadQualityFile").WithSummary("A CSV or .xlsx file of one kind (operations, counts, defects, findings, complaints); errors by row and field, all or nothing.")
            .RequireAuthorization(Permissions.QualityWrite).DisableAntiforgery().WithUploadLimit(QualityFile.MaxBytes);
        data.MapGet("/files/{kind}/template", (string kind, QualityFile h) =>
                QualityFile.Fields.ContainsKey(kind) ? Results.File(h.Template(kind), Xlsx, $"skillgate-{kind}.xlsx") : Results.NotFound())
            .WithName("QualityFileTemplate").WithSummary("The .xlsx template of a kind, with an example row.").RequireAuthorization(Permissions.QualityRead);
        data.MapGet("/records/{kind}", (string kind, string? q, int? page, int? pageSize, RecordQueries h, CancellationToken ct) => h.ListAsync(kind, q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListQualityRecords").WithSummary("Stored records of a kind (operations, counts, defects, findings, complaints), newest first, in the caller's scope.")
            .RequireAuthorization(Permissions.QualityRead);

        data.MapGet("/metrics", (string? dimension, string? period, DateOnly from, DateOnly to, string? defectType, Metrics.MetricQueries h, CancellationToken ct) =>
                h.RowsAsync(dimension ?? "line", period ?? "month", from, to, defectType, ct))
            .WithName("QualityMetrics").WithSummary("Defect rate (and ppm), rework rate and first-pass yield per line, operation, team or employee by day, week or month.")
            .RequireAuthorization(Permissions.QualityRead);
        data.MapGet("/metrics/export", async (string? dimension, string? period, DateOnly from, DateOnly to, string? defectType, Metrics.MetricQueries h, Texts t, CancellationToken ct) =>
            {
                var rows = await h.RowsAsync(dimension ?? "line", period ?? "month", from, to, defectType, ct);
                return TypedResults.File(XlsxFile.Create(t["metrics.title"],
                    [t["metrics.dimension." + (dimension ?? "line")], t["needs.period"], t["metrics.produced"], t["trace.defects"], t["metrics.defect_rate"], "ppm", t["metrics.rework_rate"], t["metrics.fpy"]],
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

        var checks = app.MapGroup("/api/v1/supervision").WithTags("Quality: supervision checks");
        checks.MapGet("/checklists", (bool? includeInactive, Checks.CheckHandler h, CancellationToken ct) => h.ChecklistsAsync(includeInactive ?? false, ct))
            .WithName("ListChecklists").WithSummary("QA checklists per operation or standard.").RequireAuthorization(Permissions.QualityRead);
        checks.MapPost("/checklists", async (ChecklistInput input, Checks.CheckHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateChecklistAsync(input, ct);
                return TypedResults.Created($"/api/v1/supervision/checklists/{created.Id}", created);
            })
            .WithName("CreateChecklist").WithSummary("Add a checklist with its items (1–100).").RequireAuthorization(Permissions.Supervise);
        checks.MapPost("/checklists/{id:guid}/deactivate", async (Guid id, Checks.CheckHandler h, CancellationToken ct) =>
            {
                await h.DeactivateChecklistAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateChecklist").WithSummary("Stop using a checklist (its checks stay).").RequireAuthorization(Permissions.Supervise);
        checks.MapGet("/checks", (string? q, int? page, int? pageSize, Checks.CheckHandler h, CancellationToken ct) => h.ListAsync(q, page ?? 1, pageSize ?? 50, null, ct))
            .WithName("ListChecks").WithSummary("Supervision checks in the caller's scope, newest first.").RequireAuthorization(Permissions.QualityRead);
        checks.MapPost("/checks", async (CheckInput input, Checks.CheckHandler h, CancellationToken ct) =>
            {
                var created = await h.PerformAsync(input, ct);
                return TypedResults.Created($"/api/v1/supervision/checks/{created.Id}", created);
            })
            .WithName("PerformCheck").WithSummary("Record a check of an employee (pass/fail, comment, photo per item); raiseNeed turns failed items into a training need.")
            .RequireAuthorization(Permissions.Supervise);

        var trace = app.MapGroup("/api/v1/trace").WithTags("Quality: traceability");
        trace.MapGet("/batches/{code}", (string code, TraceQueries h, CancellationToken ct) => h.BatchAsync(code, ct))
            .WithName("TraceBatch").WithSummary("Every operation of the batch with the operator's qualification at that moment, overrides and checks then, and the batch's defects and complaints.")
            .RequireAuthorization(Permissions.QualityRead);
        trace.MapGet("/batches/{code}/export", async (string code, TraceQueries h, TraceExport export, CancellationToken ct) =>
                TypedResults.File(export.Batch(await h.BatchAsync(code, ct)), Xlsx, $"trace-{code}.xlsx"))
            .WithName("ExportBatchTrace").WithSummary("The batch trace as .xlsx.").RequireAuthorization(Permissions.QualityRead);
        trace.MapGet("/employees/{id:guid}", (Guid id, DateOnly from, DateOnly to, TraceQueries h, CancellationToken ct) => h.EmployeeAsync(id, from, to, ct))
            .WithName("TraceEmployee").WithSummary("An employee's operations (with their standing then), trainings, checks and defects over a period.")
            .RequireAuthorization(Permissions.QualityRead);
    }
}
