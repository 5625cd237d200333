using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Evidence;

internal static class EvidenceEndpoints
{
    public static void MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Training: sessions");
        sessions.MapGet("/{id:guid}/photos", (Guid id, Evidence.PhotoHandler h, CancellationToken ct) => h.ListAsync(id, ct))
            .WithName("ListSessionPhotos").WithSummary("Photos and videos of a session with their capture time, face count and flags.").RequireAuthorization(Permissions.TrainingRead);
        sessions.MapPost("/{id:guid}/photos", async (Guid id, IFormFile file, Evidence.PhotoHandler h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var photo = await h.UploadAsync(id, stream, file.FileName, file.Length, ct);
                return TypedResults.Created($"/api/v1/files/{photo.FileId}", photo);
            })
            .DisableAntiforgery().WithUploadLimit(Platform.Files.FileKinds.MaxVideoBytes)
            .WithName("UploadSessionPhoto")
            .WithSummary("Upload a photo or video of the session (JPEG/PNG/MP4/WebM by content, ≤ 200 MB); capture time, hash, near-duplicates of other sessions' photos and the faces in photos are checked and flagged; a picture that does not decode or a damaged video (metadata or boxes that cannot be read) is refused with 400 and nothing is stored.")
            .RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapGet("/{id:guid}/paper-sheets", (Guid id, Evidence.PaperSheetHandler h, CancellationToken ct) => h.ListAsync(id, ct))
            .WithName("ListPaperSheets").WithSummary("The signed paper sign-in sheets attached to a session.").RequireAuthorization(Permissions.TrainingRead);
        sessions.MapPost("/{id:guid}/paper-sheets", async (Guid id, IFormFile file, [Microsoft.AspNetCore.Mvc.FromForm] Guid[] employeeIds, Evidence.PaperSheetHandler h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var sheet = await h.AddAsync(id, stream, file.FileName, file.Length, employeeIds, ct);
                return TypedResults.Created($"/api/v1/files/{sheet.FileId}", sheet);
            })
            .DisableAntiforgery().WithUploadLimit(Platform.Files.FileStore.MaxBytes)
            .WithName("AddPaperSheet")
            .WithSummary("Attach a photo or scan of the signed sheet (JPEG/PNG/PDF) and tick who signed (employeeIds): they are recorded in and out, labelled paper_sheet.")
            .RequireAuthorization(Permissions.TrainingWrite);
    }
}
