using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Pdf;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Certificates;

internal static class CertificateEndpoints
{
    public static void MapCertificateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/certificates/{id:guid}", async (Guid id, CertificateQueries h, IAuthorizationService authz, HttpContext http, CancellationToken ct) =>
                await h.GetAsync(id, (await authz.AuthorizeAsync(http.User, Permissions.LearningRead)).Succeeded, ct))
            .WithTags("Learning: certificates").WithName("GetCertificate").WithSummary("A certificate: the holder's own, or one in the caller's scope.").RequireAuthorization(Permissions.LearnSelf);
        app.MapGet("/api/v1/certificates/{id:guid}/pdf", async (Guid id, CertificatePdf pdf, IAuthorizationService authz, IConfiguration configuration, HttpContext http, CancellationToken ct) =>
            {
                var (content, fileName) = await pdf.RenderAsync(id, (await authz.AuthorizeAsync(http.User, Permissions.LearningRead)).Succeeded, PublicUrl.Of(http, configuration), ct);
                return Results.File(content, PdfReports.ContentType, fileName);
            })
            .WithTags("Learning: certificates").WithName("GetCertificatePdf").WithSummary("The certificate as an A4 PDF with its verification QR code, in the caller's language.")
            .Produces(StatusCodes.Status200OK, contentType: PdfReports.ContentType).RequireAuthorization(Permissions.LearnSelf);
        app.MapGet("/api/v1/certificates/verify/{number}", (string number, CertificateQueries h, CancellationToken ct) => h.VerifyAsync(number, ct))
            .WithTags("Learning: certificates").WithName("VerifyCertificate").WithSummary("Public: is this certificate number genuine and current?").AllowAnonymous();
    }
}
