using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Feedback;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Learning.Study;

internal static class MyLearningEndpoints
{
    public static void MapMyLearningEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Learning: my learning").RequireAuthorization(Permissions.LearnSelf);
        me.MapGet("/learning", (LearningHandler h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("MyLearning").WithSummary("My assigned and self-chosen courses with progress, recommended courses and certificates.");
        me.MapPost("/learning/{courseId:guid}/enroll", async (Guid courseId, LearningHandler h, CancellationToken ct) =>
            {
                await h.EnrollSelfAsync(courseId, ct);
                return TypedResults.NoContent();
            })
            .WithName("EnrollMyself").WithSummary("Enrol myself on a published course.");
        me.MapGet("/learning/{courseId:guid}/progress", (Guid courseId, LearningHandler h, CancellationToken ct) => h.ProgressAsync(courseId, ct))
            .WithName("MyProgress").WithSummary("My progress per material of a course (to resume where I left off).");
        me.MapPut("/learning/{courseId:guid}/progress", async (Guid courseId, ProgressInput input, LearningHandler h, CancellationToken ct) =>
            {
                await h.SaveProgressAsync(courseId, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("SaveMyProgress").WithSummary("Record video watched % or document pages read; completes the course when its rule holds.");
        me.MapPost("/feedback", async (FeedbackInput input, FeedbackHandler h, CancellationToken ct) =>
            {
                var created = await h.GiveAsync(input, ct);
                return TypedResults.Created($"/api/v1/courses/{input.CourseId}/feedback", created);
            })
            .WithName("GiveFeedback").WithSummary("Rate a completed course: content, instructor, applicability (1–5) and a comment.");
        me.MapGet("/certificates", (CurrentUser user, CertificateQueries h, CancellationToken ct) =>
                user.EmployeeId is { } employee ? h.ForEmployeeAsync(employee, ct) : Task.FromResult<IReadOnlyList<CertificateDto>>([]))
            .WithName("MyCertificates").WithSummary("My certificates.");
    }
}
