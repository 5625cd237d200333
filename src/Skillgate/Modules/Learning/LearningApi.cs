using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Courses;
using Skillgate.Modules.Learning.Exams;
using Skillgate.Modules.Learning.Feedback;
using Skillgate.Modules.Learning.Instructors;
using Skillgate.Modules.Learning.Study;
using Skillgate.Modules.Learning.Papers;
using Skillgate.Modules.Learning.Practicals;
using Skillgate.Modules.Learning.Questions;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Files;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning;

internal static class LearningApi
{
    public static void MapLearningApi(this IEndpointRouteBuilder app)
    {
        MapCourses(app.MapGroup("/api/v1/courses").WithTags("Learning: courses"));
        MapLibrary(app);
        MapExams(app);
        MapMine(app.MapGroup("/api/v1/me").WithTags("Learning: my learning").RequireAuthorization(Permissions.LearnSelf));
        MapPracticalsAndCertificates(app);
    }

    private static void MapCourses(RouteGroupBuilder courses)
    {
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
        courses.MapPost("/{id:guid}/materials", async (Guid id, IFormFile file, [Microsoft.AspNetCore.Mvc.FromForm] string? title, [Microsoft.AspNetCore.Mvc.FromForm] int? pages, CourseHandler h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var material = await h.AddMaterialAsync(id, stream, file.FileName, file.Length, title, pages ?? 1, ct);
                return TypedResults.Created($"/api/v1/files/{material.FileId}", material);
            })
            .DisableAntiforgery().WithUploadLimit(FileKinds.MaxVideoBytes)
            .WithName("AddCourseMaterial").WithSummary("Add a material to a draft course: PDF, PNG/JPEG, MP4/WebM video (checked by content; documents 50 MB, videos 200 MB).")
            .RequireAuthorization(Permissions.LearningWrite);
        courses.MapPost("/{id:guid}/submit", Done((Guid id, CourseHandler h, CancellationToken ct) => h.SubmitAsync(id, ct)))
            .WithName("SubmitCourse").WithSummary("Send a draft course to QA review.").RequireAuthorization(Permissions.LearningWrite);
        courses.MapPost("/{id:guid}/return", async (Guid id, ReturnInput input, CourseHandler h, CancellationToken ct) =>
            {
                await h.ReturnAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ReturnCourse").WithSummary("QA returns a course in review to draft with a comment.").RequireAuthorization(Permissions.CourseReview);
        courses.MapPost("/{id:guid}/approve", async (Guid id, ApproveInput input, CourseHandler h, CancellationToken ct) =>
            {
                await h.ApproveAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ApproveCourse").WithSummary("QA approves and publishes a course in review with an electronic signature (never the author).").RequireAuthorization(Permissions.CourseReview);
        courses.MapPost("/{id:guid}/reopen", Done((Guid id, CourseHandler h, CancellationToken ct) => h.ReopenAsync(id, ct)))
            .WithName("ReopenCourse").WithSummary("Start the next revision of a published course (back to draft, QA review again).").RequireAuthorization(Permissions.LearningWrite);
        courses.MapPost("/{id:guid}/retire", Done((Guid id, CourseHandler h, CancellationToken ct) => h.RetireAsync(id, ct)))
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

    private static void MapLibrary(IEndpointRouteBuilder app)
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

        var questions = app.MapGroup("/api/v1/questions").WithTags("Learning: question bank").RequireAuthorization(Permissions.LearningWrite);
        questions.MapGet("/", (Guid? courseId, Guid? skillId, string? kind, string? tag, string? q, int? page, int? pageSize, QuestionHandler h, CancellationToken ct) =>
                h.ListAsync(new QuestionQuery(courseId, skillId, kind, tag, q, page ?? 1, pageSize ?? 50), ct))
            .WithName("ListQuestions").WithSummary("Questions with their answer keys (authors only), filterable by course, skill, kind, tag and text.");
        questions.MapPost("/", async (QuestionInput input, QuestionHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/questions/{created.Id}", created);
            })
            .WithName("CreateQuestion").WithSummary("Add a question: single, multiple, true_false, fill or short.");
        questions.MapPut("/{id:guid}", (Guid id, QuestionInput input, QuestionHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateQuestion").WithSummary("Change a question.");
        questions.MapPost("/{id:guid}/deactivate", Done((Guid id, QuestionHandler h, CancellationToken ct) => h.DeactivateAsync(id, ct)))
            .WithName("DeactivateQuestion").WithSummary("Remove a question from the bank (attempts keep it).");
        questions.MapGet("/template", (QuestionImport import) =>
                TypedResults.File(import.Template(), Skillgate.Platform.Excel.XlsxFile.ContentType, "questions-template.xlsx"))
            .WithName("DownloadQuestionTemplate").WithSummary("The .xlsx template of the question import.");
        questions.MapPost("/import", async (IFormFile file, QuestionImport import, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                return await import.ImportAsync(stream, file.Length, ct);
            })
            .DisableAntiforgery().WithUploadLimit(Questions.QuestionImport.MaxBytes)
            .WithName("ImportQuestions").WithSummary("Import questions from .xlsx: all rows or none, errors listed by row and column.");

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

    private static void MapExams(IEndpointRouteBuilder app)
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
        attempts.MapPost("/{id:guid}/grade", (Guid id, GradeInput input, ExamHandler h, AttemptQueries queries, CancellationToken ct) => h.GradeAsync(id, input, queries, ct))
            .WithName("GradeAttempt").WithSummary("Grade the short answers of an attempt (points by question key).").RequireAuthorization(Permissions.LearningWrite);
    }

    private static void MapMine(RouteGroupBuilder me)
    {
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

    private static void MapPracticalsAndCertificates(IEndpointRouteBuilder app)
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

        app.MapGet("/api/v1/certificates/{id:guid}", async (Guid id, CertificateQueries h, IAuthorizationService authz, HttpContext http, CancellationToken ct) =>
                await h.GetAsync(id, (await authz.AuthorizeAsync(http.User, Permissions.LearningRead)).Succeeded, ct))
            .WithTags("Learning: certificates").WithName("GetCertificate").WithSummary("A certificate: the holder's own, or one in the caller's scope.").RequireAuthorization(Permissions.LearnSelf);
        app.MapGet("/api/v1/certificates/verify/{number}", (string number, CertificateQueries h, CancellationToken ct) => h.VerifyAsync(number, ct))
            .WithTags("Learning: certificates").WithName("VerifyCertificate").WithSummary("Public: is this certificate number genuine and current?").AllowAnonymous();
    }

    private static Func<Guid, THandler, CancellationToken, Task<Microsoft.AspNetCore.Http.HttpResults.NoContent>> Done<THandler>(Func<Guid, THandler, CancellationToken, Task> action) =>
        async (id, handler, ct) =>
        {
            await action(id, handler, ct);
            return TypedResults.NoContent();
        };
}
