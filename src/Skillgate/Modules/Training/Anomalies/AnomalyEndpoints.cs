using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Anomalies;

internal static class AnomalyEndpoints
{
    public static void MapAnomalyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/anomalies", (bool? open, Anomalies.AnomalyHandler h, CancellationToken ct) => h.ListAsync(open ?? true, ct))
            .WithTags("Training: attendance").WithName("ListAnomalies").WithSummary("Flags on check-ins (in the caller's scope) and session photos, open or all.")
            .RequireAuthorization(Permissions.TrainingRead);
        app.MapGet("/api/v1/anomalies/export", async (Anomalies.AnomalyHandler h, Platform.Localization.Texts t, CancellationToken ct) =>
                TypedResults.File(Anomalies.AnomalyExport.Create(await h.ListAsync(false, ct), t), Skillgate.Platform.Excel.XlsxFile.ContentType, "anomalies.xlsx"))
            .WithTags("Training: attendance").WithName("ExportAnomalies").WithSummary("All flags with their reviews as .xlsx.").RequireAuthorization(Permissions.TrainingRead);
        app.MapPost("/api/v1/anomalies/review", async (ReviewInput input, Anomalies.AnomalyHandler h, CancellationToken ct) =>
            {
                await h.ReviewAsync(input, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Training: attendance").WithName("ReviewAnomaly").WithSummary("Accept or reject a flag with a comment (once).").RequireAuthorization(Permissions.TrainingWrite);
    }
}
