using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Learning.Exams;

internal static class ExamEndpoints
{
    public static void MapExamEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/papers/{id:guid}/attempts", async (Guid id, ExamHandler h, CancellationToken ct) =>
            {
                var attempt = await h.StartAsync(id, ct);
                return TypedResults.Created($"/api/v1/attempts/{attempt.Id}", attempt);
            })
            .RequireRateLimiting(LearningModule.ExamQueue)
            .WithTags("Learning: exams").WithName("StartAttempt").WithSummary("Start an exam attempt (one at a time; the deadline is kept on the server).")
            .RequireAuthorization(Permissions.LearnSelf);
        var attempts = app.MapGroup("/api/v1/attempts").WithTags("Learning: exams");
        attempts.MapGet("/{id:guid}", (Guid id, ExamHandler h, CancellationToken ct) => h.ViewAsync(id, ct))
            .WithName("GetAttempt").WithSummary("The candidate's own attempt: questions without answer keys, saved answers, deadline; the result once submitted.")
            .RequireAuthorization(Permissions.LearnSelf);
        attempts.MapPut("/{id:guid}/answers", async (Guid id, AnswersInput input, ExamHandler h, CancellationToken ct) =>
            {
                await h.SaveAnswersAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireRateLimiting(LearningModule.ExamQueue)
            .WithName("SaveAnswers").WithSummary("Save answers so far (refused after the time limit).").RequireAuthorization(Permissions.LearnSelf);
        attempts.MapPost("/{id:guid}/submit", (Guid id, AnswersInput input, ExamHandler h, CancellationToken ct) => h.SubmitAsync(id, input, ct))
            .RequireRateLimiting(LearningModule.ExamQueue)
            .WithName("SubmitAttempt").WithSummary("Submit and grade; a pass completes the course when its rules hold and issues a certificate.").RequireAuthorization(Permissions.LearnSelf);
        attempts.MapGet("/", (Guid? paperId, string? status, int? page, int? pageSize, AttemptQueries h, CancellationToken ct) => h.ListAsync(paperId, status, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListAttempts").WithSummary("Attempts of employees in the caller's scope, e.g. status=awaiting_grading.").RequireAuthorization(Permissions.LearningRead);
        attempts.MapPost("/{id:guid}/grade", (Guid id, GradeInput input, ExamGrading h, AttemptQueries queries, CancellationToken ct) => h.GradeAsync(id, input, queries, ct))
            .WithName("GradeAttempt").WithSummary("Grade the short answers of an attempt (points by question key).").RequireAuthorization(Permissions.LearningWrite);
    }
}
