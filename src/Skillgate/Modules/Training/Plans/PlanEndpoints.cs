using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Plans;

internal static class PlanEndpoints
{
    public static void MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/v1/plans").WithTags("Training: plans");
        plans.MapGet("/", (Plans.PlanHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListPlans").WithSummary("Training plans of the org units in the caller's scope.").RequireAuthorization(Permissions.TrainingRead);
        plans.MapGet("/{id:guid}", (Guid id, Plans.PlanHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetPlan").WithSummary("A plan with its courses, targets and estimated cost against the budget.").RequireAuthorization(Permissions.TrainingRead);
        plans.MapPost("/", async (PlanInput input, Plans.PlanHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/plans/{created.Id}", created);
            })
            .WithName("CreatePlan").WithSummary("Draft a plan for a month, quarter or year of an org unit in scope, with a budget.").RequireAuthorization(Permissions.PlanWrite);
        plans.MapPost("/{id:guid}/items", (Guid id, PlanItemInput input, Plans.PlanHandler h, CancellationToken ct) => h.AddItemAsync(id, input, ct))
            .WithName("AddPlanItem").WithSummary("Add a course for a target position or number of people; the cost is estimated from the course.").RequireAuthorization(Permissions.PlanWrite);
        plans.MapDelete("/{id:guid}/items/{itemId:guid}", (Guid id, Guid itemId, Plans.PlanHandler h, CancellationToken ct) => h.RemoveItemAsync(id, itemId, ct))
            .WithName("RemovePlanItem").WithSummary("Remove a line from a draft or returned plan.").RequireAuthorization(Permissions.PlanWrite);
        plans.MapPost("/{id:guid}/submit", async (Guid id, Plans.PlanHandler h, CancellationToken ct) =>
            {
                await h.SubmitAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("SubmitPlan").WithSummary("Send a plan to HR for approval.").RequireAuthorization(Permissions.PlanWrite);
        plans.MapPost("/{id:guid}/approve", async (Guid id, PlanDecision input, Plans.PlanHandler h, CancellationToken ct) =>
            {
                await h.DecideAsync(id, true, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ApprovePlan").WithSummary("HR approves a submitted plan (not its author).").RequireAuthorization(Permissions.PlanApprove);
        plans.MapPost("/{id:guid}/return", async (Guid id, PlanDecision input, Plans.PlanHandler h, CancellationToken ct) =>
            {
                await h.DecideAsync(id, false, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ReturnPlan").WithSummary("HR returns a submitted plan with a comment.").RequireAuthorization(Permissions.PlanApprove);
    }
}
