using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using static Skillgate.Platform.Web.EndpointResults;

namespace Skillgate.Modules.Learning.Instructors;

internal static class InstructorEndpoints
{
    public static void MapInstructorEndpoints(this IEndpointRouteBuilder app)
    {
        var instructors = app.MapGroup("/api/v1/instructors").WithTags("Learning: instructors");
        instructors.MapGet("/", (string? q, InstructorHandler h, CancellationToken ct) => h.ListAsync(q, ct))
            .WithName("ListInstructors").WithSummary("Internal and external instructors with their courses and ratings.").RequireAuthorization(Permissions.LearningRead);
        instructors.MapPost("/", async (InstructorInput input, InstructorHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/instructors/{created.Id}", created);
            })
            .WithName("CreateInstructor").WithSummary("Add an instructor (internal: an employee; external: name and organisation).").RequireAuthorization(Permissions.LearningWrite);
        instructors.MapPut("/{id:guid}", (Guid id, InstructorInput input, InstructorHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateInstructor").WithSummary("Change an instructor's subjects and courses.").RequireAuthorization(Permissions.LearningWrite);
        instructors.MapPost("/{id:guid}/deactivate", Done((Guid id, InstructorHandler h, CancellationToken ct) => h.DeactivateAsync(id, ct)))
            .WithName("DeactivateInstructor").WithSummary("Deactivate an instructor.").RequireAuthorization(Permissions.LearningWrite);
    }
}
