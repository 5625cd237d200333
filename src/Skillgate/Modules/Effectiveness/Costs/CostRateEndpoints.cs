using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Effectiveness.Costs;

internal static class CostRateEndpoints
{
    public static void MapCostRateEndpoints(this IEndpointRouteBuilder app)
    {
        var rates = app.MapGroup("/api/v1/effectiveness/cost-rates").WithTags("Effectiveness");
        rates.MapGet("/", (CostRateHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListCostRates").WithSummary("Labour, instructor and defect cost rates used for cost vs saving.").RequireAuthorization(Permissions.EffectivenessRead);
        rates.MapPut("/", (CostRateInput input, CostRateHandler h, CancellationToken ct) => h.SetAsync(input, ct))
            .WithName("SetCostRate").WithSummary("Set the rate for a kind and target (org unit, position or defect type; none = the default).")
            .RequireAuthorization(Permissions.EffectivenessWrite);
        rates.MapDelete("/{id:guid}", async (Guid id, CostRateHandler h, CancellationToken ct) =>
            {
                await h.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteCostRate").WithSummary("Remove a cost rate (audited).").RequireAuthorization(Permissions.EffectivenessWrite);
    }
}
