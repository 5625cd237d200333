using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Completions;

internal static class CompletionEndpoints
{
    public static void MapCompletionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/completions", async (CompletionInput input, IOrganizationDirectory org, CompletionHandler h, CancellationToken ct) =>
            {
                await EmployeeGuards.VisibleAsync(org, input.EmployeeId, ct);
                var id = await h.RecordAsync(input, ct);
                return TypedResults.Created($"/api/v1/completions/{id}", new { id });
            })
            .WithTags("Qualifications").WithName("RecordCompletion").WithSummary("Record a training completion on one document version.").RequireAuthorization(Permissions.CompetenceWrite);
        app.MapPost("/api/v1/me/acknowledgements/{documentVersionId:guid}", async (Guid documentVersionId, AcknowledgeInput input, CompletionHandler h, CancellationToken ct) =>
            {
                await h.AcknowledgeAsync(documentVersionId, input.Password, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Qualifications").WithName("AcknowledgeDocument").WithSummary("The signed-in employee acknowledges a document version (password re-entered).").RequireAuthorization();
    }
}
