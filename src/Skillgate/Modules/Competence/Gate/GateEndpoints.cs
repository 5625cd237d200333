using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Gate;

internal static class GateEndpoints
{
    public static void MapGateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/positions/{positionId:guid}/assign", async (Guid positionId, AssignPositionInput input, IOrganizationDirectory org, CancellationToken ct) =>
            {
                await org.AssignPositionAsync(input.EmployeeId, positionId, input.EffectiveOn, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Qualifications").WithName("AssignPosition").WithSummary("Put an employee on a post; 409 with the unmet requirements when not qualified.").RequireAuthorization(Permissions.Assign);

        app.MapGet("/api/v1/qualification-check", async (string employee, string? operation, Guid? position, QualificationCheck check, CancellationToken ct) =>
                await check.CheckAsync(employee, operation, position, ct))
            .WithTags("Qualifications").WithName("QualificationCheck").WithSummary("For an MES at operator login: is this employee (number or id) qualified for this operation (code or id) or position?")
            .RequireAuthorization(Permissions.CompetenceRead);
    }
}
