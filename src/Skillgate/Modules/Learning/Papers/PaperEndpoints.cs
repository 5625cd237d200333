using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using static Skillgate.Platform.Web.EndpointResults;

namespace Skillgate.Modules.Learning.Papers;

internal static class PaperEndpoints
{
    public static void MapPaperEndpoints(this IEndpointRouteBuilder app)
    {
        var papers = app.MapGroup("/api/v1/papers").WithTags("Learning: exams");
        papers.MapGet("/", (Guid? courseId, PaperHandler h, CancellationToken ct) => h.ListAsync(courseId, ct))
            .WithName("ListPapers").WithSummary("Exam papers, optionally of one course.").RequireAuthorization(Permissions.LearningRead);
        papers.MapGet("/{id:guid}", (Guid id, PaperHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetPaper").WithSummary("One exam paper with its questions or rules.").RequireAuthorization(Permissions.LearningRead);
        papers.MapPost("/", async (PaperInput input, PaperHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/papers/{created.Id}", created);
            })
            .WithName("CreatePaper").WithSummary("Create an exam paper: fixed questions or rules drawing from the bank.").RequireAuthorization(Permissions.LearningWrite);
        papers.MapPost("/{id:guid}/deactivate", Done((Guid id, PaperHandler h, CancellationToken ct) => h.DeactivateAsync(id, ct)))
            .WithName("DeactivatePaper").WithSummary("Deactivate an exam paper.").RequireAuthorization(Permissions.LearningWrite);
    }
}
