using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Standards.Documents;

internal static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var docs = app.MapGroup("/api/v1/documents").WithTags("Controlled documents");
        docs.MapGet("/", (string? q, DocumentHandler h, CancellationToken ct) => h.ListAsync(q, ct))
            .WithName("ListDocuments").WithSummary("Controlled documents with their versions.").RequireAuthorization(Permissions.CompetenceRead);
        docs.MapGet("/{id:guid}", (Guid id, DocumentHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetDocument").WithSummary("One controlled document with its versions.").RequireAuthorization(Permissions.CompetenceRead);
        docs.MapPost("/", async (DocumentInput input, DocumentHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/documents/{created.Id}", created);
            })
            .WithName("CreateDocument").WithSummary("Create a controlled document (standard, SOP, work instruction, external clause).").RequireAuthorization(Permissions.StandardsWrite);
        docs.MapPost("/{id:guid}/versions", (Guid id, VersionInput input, DocumentHandler h, CancellationToken ct) => h.AddVersionAsync(id, input, ct))
            .WithName("AddDocumentVersion").WithSummary("Start a new draft version (major: retraining; minor: read and acknowledge).").RequireAuthorization(Permissions.StandardsWrite);
        docs.MapPost("/versions/{versionId:guid}/submit", async (Guid versionId, DocumentHandler h, CancellationToken ct) =>
            {
                await h.SubmitAsync(versionId, ct);
                return TypedResults.NoContent();
            })
            .WithName("SubmitDocumentVersion").WithSummary("Send a draft version to review.").RequireAuthorization(Permissions.StandardsWrite);
        docs.MapPost("/versions/{versionId:guid}/release", async (Guid versionId, ReleaseInput input, DocumentHandler h, CancellationToken ct) =>
            {
                await h.ReleaseAsync(versionId, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ReleaseDocumentVersion").WithSummary("Approve and release a version with an electronic signature (QA, not the author).").RequireAuthorization(Permissions.StandardsRelease);
        docs.MapPost("/versions/{versionId:guid}/withdraw", async (Guid versionId, WithdrawInput input, DocumentHandler h, CancellationToken ct) =>
            {
                await h.WithdrawAsync(versionId, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("WithdrawDocumentVersion").WithSummary("Withdraw the effective version with an electronic signature (QA).").RequireAuthorization(Permissions.StandardsRelease);
        docs.MapPost("/versions/{versionId:guid}/files", async (Guid versionId, IFormFile file, DocumentHandler h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                return await h.AttachAsync(versionId, stream, file.FileName, file.Length, ct);
            })
            .DisableAntiforgery().WithUploadLimit(Platform.Files.FileStore.MaxBytes)
            .WithName("AttachDocumentFile").WithSummary("Attach a PDF or image (checked by content, at most 50 MB) to a draft or in-review version.").RequireAuthorization(Permissions.StandardsWrite);
    }
}
