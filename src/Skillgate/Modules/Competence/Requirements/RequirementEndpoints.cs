using Skillgate.Modules.Competence.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Requirements;

internal static class RequirementEndpoints
{
    public static void MapRequirementEndpoints(this IEndpointRouteBuilder app)
    {
        var requirements = app.MapGroup("/api/v1/requirements").WithTags("Requirements");
        requirements.MapGet("/", (Guid? positionId, Guid? operationId, RequirementHandler h, CancellationToken ct) => h.ListAsync(positionId, operationId, ct))
            .WithName("ListRequirements").WithSummary("Requirements of a position or an operation.").RequireAuthorization(Permissions.CompetenceRead);
        requirements.MapPost("/", (RequirementInput input, RequirementHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateRequirement").WithSummary("Require a skill level, training on a document's current version, or its acknowledgement.").RequireAuthorization(Permissions.CompetenceWrite);
        requirements.MapDelete("/{id:guid}", async (Guid id, RequirementHandler h, CancellationToken ct) =>
            {
                await h.RetireAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("RetireRequirement").WithSummary("Retire a requirement (kept in history).").RequireAuthorization(Permissions.CompetenceWrite);
    }
}
