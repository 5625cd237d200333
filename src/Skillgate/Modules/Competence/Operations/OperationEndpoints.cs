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
        operations.MapGet("/{id:guid}/assignments", (Guid id, string? q, int? page, int? pageSize, OperationHandler h, CancellationToken ct) =>
                h.AssignmentsAsync(id, q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListOperationAssignments").WithSummary("Who works the operation now, in your data scope; q matches an employee number's start or a name.")
            .RequireAuthorization(Permissions.CompetenceRead);
        operations.MapDelete("/{id:guid}/assignments/{employeeId:guid}", async (Guid id, Guid employeeId, IOrganizationDirectory org, OperationHandler h, CancellationToken ct) =>
            {
                await h.EndAsync(id, await EmployeeGuards.VisibleAsync(org, employeeId, ct), ct);
                return TypedResults.NoContent();
            })
            .WithName("EndOperationAssignment").WithSummary(
                "Take an employee off an operation: the qualifications only the operation asked for are dropped and recorded as removed in the history; 404 when not assigned.")
            .RequireAuthorization(Permissions.Assign);
    }
}
