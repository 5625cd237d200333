using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Web.EndpointResults;

namespace Skillgate.Modules.Learning.Questions;

internal static class QuestionEndpoints
{
    public static void MapQuestionEndpoints(this IEndpointRouteBuilder app)
    {
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
    }
}
