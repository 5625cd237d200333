using Skillgate.Modules.Competence.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Competence.Gate;

internal static class OverrideEndpoints
{
    public static void MapOverrideEndpoints(this IEndpointRouteBuilder app)
    {
        var overrides = app.MapGroup("/api/v1/overrides").WithTags("Overrides");
        overrides.MapGet("/", (Guid? employeeId, OverrideHandler h, CancellationToken ct) => h.ListAsync(employeeId, ct))
            .WithName("ListOverrides").WithSummary("Temporary overrides of the gate.").RequireAuthorization(Permissions.CompetenceRead);
        overrides.MapPost("/", async (OverrideInput input, OverrideHandler h, CancellationToken ct) =>
            {
                var id = await h.GrantAsync(input, ct);
                return TypedResults.Created($"/api/v1/overrides/{id}", new { id });
            })
            .WithName("GrantOverride").WithSummary("QA lets an employee work a post or operation until a date: reason and electronic signature required.").RequireAuthorization(Permissions.Override);
        overrides.MapDelete("/{id:guid}", async (Guid id, OverrideHandler h, CancellationToken ct) =>
            {
                await h.RevokeAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeOverride").WithSummary("End an override early.").RequireAuthorization(Permissions.Override);
    }
}
