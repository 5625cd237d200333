using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Learning.Practicals;

internal static class PracticalEndpoints
{
    public static void MapPracticalEndpoints(this IEndpointRouteBuilder app)
    {
        var practicals = app.MapGroup("/api/v1/practicals").WithTags("Learning: practical sign-off");
        practicals.MapGet("/", (bool? open, PracticalHandler h, CancellationToken ct) => h.ListAsync(open ?? true, ct))
            .WithName("ListPracticals").WithSummary("Practical qualifications of employees in the caller's scope.").RequireAuthorization(Permissions.Evaluate);
        practicals.MapPost("/", async (PracticalStart input, PracticalHandler h, CancellationToken ct) =>
            {
                var created = await h.StartAsync(input, ct);
                return TypedResults.Created($"/api/v1/practicals/{created.Id}", created);
            })
            .WithName("StartPractical").WithSummary("Start the practical qualification of an employee on a practical or on-the-job course.").RequireAuthorization(Permissions.Evaluate);
        practicals.MapGet("/{id:guid}", (Guid id, PracticalHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetPractical").WithSummary("One practical qualification and its next step.").RequireAuthorization(Permissions.LearnSelf);
        practicals.MapPost("/{id:guid}/steps", (Guid id, PracticalStepInput input, PracticalHandler h, CancellationToken ct) => h.StepAsync(id, input, ct))
            .WithName("RecordPracticalStep").WithSummary("Record the next step: read, observe, perform (evaluator, evidence photos), signoff (evaluator, electronic signature).")
            .RequireAuthorization(Permissions.Evaluate);
    }
}
