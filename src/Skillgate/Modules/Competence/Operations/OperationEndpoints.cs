using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Operations;

internal static class OperationEndpoints
{
    public static void MapOperationEndpoints(this IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup("/api/v1/operations").WithTags("Operations");
        operations.MapGet("/", (OperationHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListOperations").WithSummary("Operations / work centres.").RequireAuthorization(Permissions.CompetenceRead);
        operations.MapPost("/", (OperationInput input, OperationHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateOperation").WithSummary("Add an operation / work centre that can be gated.").RequireAuthorization(Permissions.CompetenceWrite);
        operations.MapPost("/{id:guid}/assignments", async (Guid id, AssignmentInput input, IOrganizationDirectory org, OperationHandler h, CancellationToken ct) =>
                await h.AssignAsync(id, await EmployeeGuards.VisibleAsync(org, input.EmployeeId, ct), ct))
            .WithName("AssignOperation").WithSummary("Put an employee on an operation; 409 with the unmet requirements when not qualified.").RequireAuthorization(Permissions.Assign);
    }
}
