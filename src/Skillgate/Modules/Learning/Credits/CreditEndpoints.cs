using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Credits;

internal static class CreditEndpoints
{
    public static void MapCreditEndpoints(this IEndpointRouteBuilder app)
    {
        var credits = app.MapGroup("/api/v1/credits").WithTags("Learning: continuing-education credits");
        credits.MapGet("/me", (int? year, CreditHandler h, TimeProvider clock, CancellationToken ct) => h.YearAsync(null, year ?? clock.GetUtcNow().Year, ct))
            .WithName("MyCredits").WithSummary("My continuing-education credits of a year (this year by default): total, per category, and each course or approved external credit.")
            .RequireAuthorization(Permissions.LearnSelf);
        credits.MapGet("/employees/{employeeId:guid}", (Guid employeeId, int? year, CreditHandler h, TimeProvider clock, CancellationToken ct) =>
                h.YearAsync(employeeId, year ?? clock.GetUtcNow().Year, ct))
            .WithName("EmployeeCredits").WithSummary("A person's continuing-education credits of a year.").RequireAuthorization(Permissions.LearningRead);
        credits.MapGet("/external", (string? status, int? page, int? pageSize, CreditHandler h, CancellationToken ct) => h.ListAsync(status, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListExternalCredits").WithSummary("External credits in the caller's scope, those waiting for a decision first (status: submitted, approved, rejected).")
            .RequireAuthorization(Permissions.CreditsApprove);
        credits.MapPost("/external", async (ExternalCreditInput input, CreditHandler h, CancellationToken ct) =>
            {
                var created = await h.SubmitAsync(input, ct);
                return TypedResults.Created($"/api/v1/credits/external/{created.Id}", created);
            })
            .WithName("RecordExternalCredit")
            .WithSummary("Record an external credit (a conference, a journal course) with its certificate file (from /api/v1/files); it counts once HR approves it.")
            .RequireAuthorization(Permissions.LearnSelf);
        credits.MapPost("/me/external", async (
                [FromForm] string? title, [FromForm] string? provider, [FromForm] string? category, [FromForm] decimal credits, [FromForm] DateOnly earnedOn,
                IFormFile certificate, CreditHandler h, FileStore files, PlatformDb db, CancellationToken ct) =>
            {
                var created = await h.SubmitWithCertificateAsync(title, provider, category, credits, earnedOn, certificate, files, db, ct);
                return TypedResults.Created($"/api/v1/credits/external/{created.Id}", created);
            })
            .DisableAntiforgery().WithUploadLimit(FileStore.MaxBytes)
            .WithName("RecordMyExternalCredit")
            .WithSummary("Record my external credit from the phone: the form's fields and the certificate (a PDF or image, checked by content, at most 50 MB) in one request.")
            .RequireAuthorization(Permissions.LearnSelf);
        credits.MapPost("/external/{id:guid}/decision", (Guid id, ExternalCreditDecision input, CreditHandler h, CancellationToken ct) => h.DecideAsync(id, input, ct))
            .WithName("DecideExternalCredit").WithSummary("HR approves an external credit (it counts at once, and the gate sees it) or rejects it with a note.")
            .RequireAuthorization(Permissions.CreditsApprove);
    }
}
