using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Needs.Surveys;

internal static class SurveyEndpoints
{
    public static void MapSurveyEndpoints(this IEndpointRouteBuilder app)
    {
        var surveys = app.MapGroup("/api/v1/surveys").WithTags("Needs: surveys");
        surveys.MapGet("/", (string? q, int? page, int? pageSize, SurveyHandler h, CancellationToken ct) => h.ListAsync(q, page ?? 1, pageSize ?? 20, ct))
            .WithName("ListSurveys").WithSummary("Training-preference surveys, newest first, with how many were asked and answered.").RequireAuthorization(Permissions.NeedsRead);
        surveys.MapPost("/", async (SurveyInput input, SurveyHandler h, CancellationToken ct) =>
            {
                var survey = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/surveys/{survey.Id}", survey);
            })
            .WithName("CreateSurvey").WithSummary("Write a survey (a draft): questions of single or multiple choice, a 1–5 scale or text; who is asked; anonymous or named.")
            .RequireAuthorization(Permissions.Surveys);
        surveys.MapGet("/mine", (SurveyAnswers h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("MySurveys").WithSummary("The open surveys the caller was sent and has not answered.").RequireAuthorization(Permissions.SurveyAnswer);
        surveys.MapGet("/{id:guid}", (Guid id, SurveyHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetSurvey").WithSummary("A survey with its questions.").RequireAuthorization(Permissions.NeedsRead);
        surveys.MapPut("/{id:guid}", (Guid id, SurveyInput input, SurveyHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateSurvey").WithSummary("Change a draft (409 once sent).").RequireAuthorization(Permissions.Surveys);
        surveys.MapDelete("/{id:guid}", async (Guid id, SurveyHandler h, CancellationToken ct) =>
            {
                await h.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteSurvey").WithSummary("Delete a draft (409 once sent).").RequireAuthorization(Permissions.Surveys);
        surveys.MapPost("/{id:guid}/open", (Guid id, int version, SurveyHandler h, CancellationToken ct) => h.OpenAsync(id, version, ct))
            .WithName("OpenSurvey").WithSummary("Send a draft: everyone active in its units and posts within the caller's scope is invited and notified.")
            .RequireAuthorization(Permissions.Surveys);
        surveys.MapPost("/{id:guid}/close", (Guid id, int version, SurveyHandler h, CancellationToken ct) => h.CloseAsync(id, version, ct))
            .WithName("CloseSurvey").WithSummary("Stop taking answers.").RequireAuthorization(Permissions.Surveys);
        surveys.MapPost("/{id:guid}/responses", async (Guid id, SurveyResponseInput input, SurveyAnswers h, CancellationToken ct) =>
            {
                await h.AnswerAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("AnswerSurvey").WithSummary("Answer a survey one was sent, once, while it is open (anonymous surveys keep no link to the person).")
            .RequireAuthorization(Permissions.SurveyAnswer);
        surveys.MapGet("/{id:guid}/results", (Guid id, string? by, SurveyResultsReader h, CancellationToken ct) => h.ResultsAsync(id, by, ct))
            .WithName("SurveyResults").WithSummary("The answers summarised overall and by unit (by=unit) or post (by=position), within the caller's scope.")
            .RequireAuthorization(Permissions.NeedsRead);
        surveys.MapGet("/{id:guid}/results/export", async (Guid id, string? by, SurveyResultsReader h, Texts t, CancellationToken ct) =>
            {
                var results = await h.ResultsAsync(id, by, ct);
                return TypedResults.File(XlsxFile.Create(t["surveys.results"], [t["field.questions"], t["surveys.group"], t["surveys.responses"], t["surveys.answer_column"], t["surveys.count"]],
                    SurveyResultRows.Of(results, t)), XlsxFile.ContentType, "survey-results.xlsx");
            })
            .WithName("ExportSurveyResults").WithSummary("The results as an .xlsx workbook: per question and group, each option's count, the scale's mean, the written answers.")
            .RequireAuthorization(Permissions.NeedsRead);
        surveys.MapPost("/{id:guid}/needs", async (Guid id, SurveyNeedInput input, SurveyNeeds h, CancellationToken ct) =>
            {
                var need = await h.ToNeedAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/needs/{need}", new { id = need });
            })
            .WithName("SurveyToNeed").WithSummary("Turn a chosen option into a training need for a unit or all who answered.").RequireAuthorization(Permissions.Surveys);
    }
}
