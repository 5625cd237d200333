using Microsoft.AspNetCore.Http.HttpResults;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Ingestion;

internal static class IngestionEndpoints
{
    private const string Xlsx = Skillgate.Platform.Excel.XlsxFile.ContentType;

    public static void MapIngestionEndpoints(this IEndpointRouteBuilder app)
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
        data.MapPost("/material-lots", (List<MaterialLotInput> items, IngestHandler h, CancellationToken ct) => h.LotsAsync(items, Item, "api", ct))
            .WithName("IngestMaterialLots").WithSummary("Raw-material lots with their incoming inspection (received, inspected, rejected) and the purchasing unit; idempotent by externalId.")
            .RequireAuthorization(Permissions.QualityWrite);
        data.MapPost("/downtimes", (List<DowntimeInput> items, IngestHandler h, CancellationToken ct) => h.DowntimesAsync(items, Item, "api", ct))
            .WithName("IngestDowntimes").WithSummary("Equipment downtime on a line from the maintenance system: the evidence QA names for a machine-caused defect. Idempotent by externalId.")
            .RequireAuthorization(Permissions.QualityWrite);
        data.MapPost("/batch-releases", (List<BatchReleaseInput> items, IngestHandler h, CancellationToken ct) => h.ReleasesAsync(items, Item, "api", ct))
            .WithName("IngestBatchReleases").WithSummary("Batches released by an inspector (employee number) on a day; later defects and complaints on them are missed inspections. Idempotent by externalId.")
            .RequireAuthorization(Permissions.QualityWrite);
        data.MapPost("/files/{kind}", async (string kind, IFormFile file, QualityFile h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                return await h.ImportAsync(kind, stream, file.Length, file.FileName, ct);
            })
            .WithName("UploadQualityFile").WithSummary("A CSV or .xlsx file of one kind (operations, counts, defects, findings, complaints, lots, releases, downtimes); errors by row and field, all or nothing.")
            .RequireAuthorization(Permissions.QualityWrite).DisableAntiforgery().WithUploadLimit(QualityFile.MaxBytes);
        data.MapGet("/files/{kind}/template", FileContentHttpResult (string kind, QualityFile h) =>
                QualityFile.Fields.ContainsKey(kind) ? TypedResults.File(h.Template(kind), Xlsx, $"skillgate-{kind}.xlsx") : throw new NotFoundException("kind"))
            .Produces(StatusCodes.Status200OK)
            .WithName("QualityFileTemplate").WithSummary("The .xlsx template of a kind, with an example row.").RequireAuthorization(Permissions.QualityRead);
        data.MapGet("/records/{kind}", (string kind, string? q, int? page, int? pageSize, RecordQueries h, CancellationToken ct) => h.ListAsync(kind, q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListQualityRecords").WithSummary("Stored records of a kind (operations, counts, defects, findings, complaints, lots, releases, downtimes), newest first, in the caller's scope.")
            .RequireAuthorization(Permissions.QualityRead);
    }
}
