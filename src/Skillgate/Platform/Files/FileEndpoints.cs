using Microsoft.AspNetCore.Http.HttpResults;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Platform.Files;

internal static class FileEndpoints
{
    public static void MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/files", async (IFormFile file, FileStore files, PlatformDb db, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var stored = await files.SaveAsync(stream, file.FileName, file.Length, FileKinds.Documents, ct);
                await db.SaveChangesAsync(ct);
                return TypedResults.Created($"/api/v1/files/{stored.Id}", new { stored.Id, stored.FileName, stored.Size, stored.ContentType });
            })
            .DisableAntiforgery().WithUploadLimit(FileStore.MaxBytes)
            .WithTags("Files").WithName("UploadFile").WithSummary("Store a PDF or image (checked by content, at most 50 MB), e.g. the evidence of a completion or a practical sign-off.")
            .RequireAuthorization(Auth.Permissions.FilesUpload);
        app.MapGet("/api/v1/files/{id:guid}", async Task<FileStreamHttpResult> (Guid id, FileStore files, CancellationToken ct) =>
                await files.OpenAsync(id, ct) is { } found
                    ? TypedResults.File(found.Content, found.File.ContentType, found.File.FileName, enableRangeProcessing: true)
                    : throw new NotFoundException("file"))
            .Produces(StatusCodes.Status200OK)
            .WithTags("Files").WithName("DownloadFile").WithSummary("Download a stored file.").RequireAuthorization();
    }
}
