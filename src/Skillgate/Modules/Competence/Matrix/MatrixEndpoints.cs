using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Competence.Matrix;

internal static class MatrixEndpoints
{
    public static void MapMatrixEndpoints(this IEndpointRouteBuilder app)
    {
        var matrix = app.MapGroup("/api/v1/matrix").WithTags("Training matrix");
        matrix.MapGet("/", (Guid? orgUnitId, string? status, MatrixHandler h, CancellationToken ct) => h.BuildAsync(orgUnitId, status, ct))
            .WithName("GetMatrix").WithSummary("Employees × requirements of an org subtree, filterable by status.").RequireAuthorization(Permissions.CompetenceRead);
        matrix.MapGet("/export", async (Guid? orgUnitId, string? status, MatrixHandler h, Texts t, CancellationToken ct) =>
                TypedResults.File(MatrixExport.Write(await h.BuildAsync(orgUnitId, status, ct), t), Skillgate.Platform.Excel.XlsxFile.ContentType, "training-matrix.xlsx"))
            .WithName("ExportMatrix").WithSummary("The training matrix as .xlsx.").Produces(StatusCodes.Status200OK, contentType: Skillgate.Platform.Excel.XlsxFile.ContentType)
            .RequireAuthorization(Permissions.CompetenceRead);
        matrix.MapGet("/gaps", (Guid? orgUnitId, MatrixHandler h, CancellationToken ct) => h.GapsAsync(orgUnitId, ct))
            .WithName("GetGapReport").WithSummary("Who lacks what, due when.").RequireAuthorization(Permissions.CompetenceRead);
    }
}
