using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Demand;

internal static class DemandEndpoints
{
    public static void MapDemandEndpoints(this IEndpointRouteBuilder app)
    {
        var demand = app.MapGroup("/api/v1/training/demand").WithTags("Training: predicted demand");
        demand.MapGet("/", (Guid? orgUnitId, DemandHandler h, CancellationToken ct) => h.ForecastAsync(orgUnitId, ct))
            .WithName("PredictedDemand").RequireAuthorization(Permissions.TrainingRead)
            .WithSummary("Who needs which course by when below an org unit (the caller's first by default), per month for six months: planned changes, expiries, revised standards and new hires; seats, sessions and cost against the plans' budget.");
        demand.MapPost("/plan", async (DemandPlanInput input, DemandHandler h, CancellationToken ct) =>
            {
                var result = await h.PlanAsync(input, ct);
                return TypedResults.Created($"/api/v1/plans/{result.PlanId}", result);
            })
            .WithName("PlanPredictedDemand").RequireAuthorization(Permissions.PlanWrite)
            .WithSummary("Turn a month's open demand below an org unit into lines of the unit's draft plan for that month (created if there is none).");
    }
}
