using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Feedback;
using Skillgate.Modules.Learning.Study;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Files;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Web.EndpointResults;

namespace Skillgate.Modules.Learning.Courses;

internal static class CourseEndpoints
{
    public static void MapCourseEndpoints(this IEndpointRouteBuilder app)
    {
        var courses = app.MapGroup("/api/v1/courses").WithTags("Learning: courses");
        courses.MapGet("/", (string? q, string? status, int? page, int? pageSize, CourseHandler h, CancellationToken ct) => h.ListAsync(q, status, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListCourses").WithSummary("The course library, searchable by code or title, filterable by status.").RequireAuthorization(Permissions.LearningRead);
        courses.MapGet("/{id:guid}/candidates", (Guid id, Guid? orgUnitId, Guid? positionId, string? q, bool? gapOnly, Candidates.CandidateQueries h, CancellationToken ct) =>
                h.FindAsync(id, orgUnitId, positionId, q, gapOnly ?? false, ct))
            .WithName("CourseCandidates")
            .WithSummary("People to invite to the course or one of its sessions: by org unit (with its subtree), position and search, with the gaps the course closes (up to 500, gaps first).")
            .RequireAuthorization(Permissions.TrainingRead);
        courses.MapGet("/{id:guid}", (Guid id, CourseHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetCourse").WithSummary("One course with its standard versions, skills, materials, review steps and rating.").RequireAuthorization(Permissions.LearningRead);
        courses.MapPost("/", async (CourseInput input, CourseHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/courses/{created.Id}", created);
            })
            .WithName("CreateCourse").WithSummary("Create a draft course (online, classroom, practical, on_the_job, external).").RequireAuthorization(Permissions.LearningWrite);
        courses.MapPut("/{id:guid}", (Guid id, CourseUpdate input, CourseHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateCourse").WithSummary("Edit a draft course.").RequireAuthorization(Permissions.LearningWrite);
        courses.MapPut("/{id:guid}/links", (Guid id, CourseLinksInput input, CourseHandler h, CancellationToken ct) => h.SetLinksAsync(id, input, ct))
            .WithName("SetCourseLinks").WithSummary("Set the released standard versions the draft course trains on and the skill levels it raises.").RequireAuthorization(Permissions.LearningWrite);
        courses.MapPost("/{id:guid}/materials", async (Guid id, IFormFile file, [Microsoft.AspNetCore.Mvc.FromForm] string? title, [Microsoft.AspNetCore.Mvc.FromForm] int? pages, CourseMaterials h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var material = await h.AddMaterialAsync(id, stream, file.FileName, file.Length, title, pages ?? 1, ct);
                return TypedResults.Created($"/api/v1/files/{material.FileId}", material);
            })
            .DisableAntiforgery().WithUploadLimit(FileKinds.MaxVideoBytes)
            .WithName("AddCourseMaterial").WithSummary("Add a material to a draft course: PDF, PNG/JPEG, MP4/WebM video (checked by content; documents 50 MB, videos 200 MB).")
            .RequireAuthorization(Permissions.LearningWrite);
        courses.MapPost("/{id:guid}/submit", Done((Guid id, CourseReviewFlow h, CancellationToken ct) => h.SubmitAsync(id, ct)))
            .WithName("SubmitCourse").WithSummary("Send a draft course to QA review.").RequireAuthorization(Permissions.LearningWrite);
        courses.MapPost("/{id:guid}/return", async (Guid id, ReturnInput input, CourseReviewFlow h, CancellationToken ct) =>
            {
                await h.ReturnAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ReturnCourse").WithSummary("QA returns a course in review to draft with a comment.").RequireAuthorization(Permissions.CourseReview);
        courses.MapPost("/{id:guid}/approve", async (Guid id, ApproveInput input, CourseReviewFlow h, CancellationToken ct) =>
            {
                await h.ApproveAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ApproveCourse").WithSummary("QA approves and publishes a course in review with an electronic signature (never the author).").RequireAuthorization(Permissions.CourseReview);
        courses.MapPost("/{id:guid}/reopen", Done((Guid id, CourseReviewFlow h, CancellationToken ct) => h.ReopenAsync(id, ct)))
            .WithName("ReopenCourse").WithSummary("Start the next revision of a published course (back to draft, QA review again).").RequireAuthorization(Permissions.LearningWrite);
        courses.MapPost("/{id:guid}/retire", Done((Guid id, CourseReviewFlow h, CancellationToken ct) => h.RetireAsync(id, ct)))
            .WithName("RetireCourse").WithSummary("Retire a course; it can no longer be scheduled or taken.").RequireAuthorization(Permissions.CourseReview);
        courses.MapGet("/{id:guid}/history", (Guid id, AuditHistory history, CancellationToken ct) => history.ForEntityAsync("course", id, ct))
            .WithName("GetCourseHistory").WithSummary("The audit trail of a course.").RequireAuthorization(Permissions.LearningRead);
        courses.MapPost("/{id:guid}/enrollments", async (Guid id, EnrollInput input, LearningHandler h, CancellationToken ct) =>
            {
                await h.EnrollAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("EnrollEmployees").WithSummary("Assign a published course to employees in the caller's scope, with an optional due date.").RequireAuthorization(Permissions.LearningAssign);
        courses.MapPost("/{id:guid}/external-completions", async (Guid id, ExternalCompletionInput input, CourseCompletionQueries h, CancellationToken ct) =>
            {
                var completion = await h.RecordExternalAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/courses/{id}/completions", completion);
            })
            .WithName("RecordExternalCompletion").WithSummary("Record external training with its uploaded certificate (from POST /api/v1/files).").RequireAuthorization(Permissions.LearningWrite);
        courses.MapGet("/{id:guid}/completions", (Guid id, CourseCompletionQueries h, CancellationToken ct) => h.ForCourseAsync(id, ct))
            .WithName("ListCourseCompletions").WithSummary("Completions of a course by employees in the caller's scope.").RequireAuthorization(Permissions.LearningRead);
        courses.MapGet("/{id:guid}/feedback", (Guid id, FeedbackHandler h, CancellationToken ct) => h.ForCourseAsync(id, ct))
            .WithName("ListCourseFeedback").WithSummary("Trainee feedback on a course (anonymous).").RequireAuthorization(Permissions.LearningRead);
    }
}
