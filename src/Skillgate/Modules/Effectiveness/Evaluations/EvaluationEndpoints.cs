using System.Text;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Effectiveness.Evaluations;

internal static class EvaluationEndpoints
{
    public static void MapEvaluationEndpoints(this IEndpointRouteBuilder app)
    {
        var evaluations = app.MapGroup("/api/v1/effectiveness/evaluations").WithTags("Effectiveness");
        evaluations.MapGet("/", (Guid? courseId, string? q, int? page, int? pageSize, EvaluationHandler h, CancellationToken ct) =>
                h.ListAsync(courseId, q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListEvaluations").WithSummary("Training effectiveness evaluations in the caller's scope, newest first.").RequireAuthorization(Permissions.EffectivenessRead);
        evaluations.MapPost("/", async (EvaluationInput input, EvaluationHandler h, CancellationToken ct) =>
            {
                var evaluation = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/effectiveness/evaluations/{evaluation.Id}", evaluation);
            })
            .WithName("CreateEvaluation")
            .WithSummary("Evaluate a course (or one revision, a set of its sessions, an accepted need) over a period: builds the panel from Skillgate's data, matches the untrained, estimates the effect with its interval, and stores the result with its inputs.")
            .RequireAuthorization(Permissions.EffectivenessWrite);
        evaluations.MapGet("/{id:guid}", (Guid id, EvaluationHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetEvaluation").WithSummary("An evaluation: verdict, effect with interval, event study, balance table, diagnostics, process levels and cost vs saving.")
            .RequireAuthorization(Permissions.EffectivenessRead);
        evaluations.MapGet("/{id:guid}/reproduce", (Guid id, EvaluationHandler h, CancellationToken ct) => h.ReproduceAsync(id, ct))
            .WithName("ReproduceEvaluation").WithSummary("Recompute the evaluation from its stored inputs and say whether the result is identical.")
            .RequireAuthorization(Permissions.EffectivenessRead);
        evaluations.MapGet("/{id:guid}/panel.csv", async (Guid id, EvaluationHandler h, CancellationToken ct) =>
                TypedResults.File(Encoding.UTF8.GetBytes((await h.InputsAsync(id, ct)).PanelCsv()), "text/csv; charset=utf-8", $"evaluation-{id}.csv"))
            .WithName("EvaluationPanelCsv")
            .WithSummary("The panel the evaluation was computed from, as CSV for `Skillgate stats did --unit unit --time period --y y --trained trained_period --stratum stratum --tenure tenure --match yes`.")
            .RequireAuthorization(Permissions.EffectivenessRead);
        evaluations.MapGet("/{id:guid}/report", async (Guid id, EvaluationHandler h, EvaluationReport report, CancellationToken ct) =>
                TypedResults.File(report.Create(await h.GetAsync(id, ct)), PdfReports.ContentType, $"evaluation-{id}.pdf"))
            .WithName("EvaluationReport").WithSummary("The effectiveness report as a PDF: the verdict in words, the figures, the event study, the groups and cost against saving.")
            .Produces(StatusCodes.Status200OK, contentType: PdfReports.ContentType).RequireAuthorization(Permissions.EffectivenessRead);
        evaluations.MapGet("/{id:guid}/export", async (Guid id, EvaluationHandler h, Texts t, CancellationToken ct) =>
                TypedResults.File(EvaluationExport.Create(await h.GetAsync(id, ct), t), XlsxFile.ContentType, $"evaluation-{id}.xlsx"))
            .WithName("ExportEvaluation").WithSummary("The evaluation as an .xlsx workbook: summary, event study, balance, diagnostics, cost vs saving.")
            .RequireAuthorization(Permissions.EffectivenessRead);
        evaluations.MapDelete("/{id:guid}", async (Guid id, EvaluationHandler h, CancellationToken ct) =>
            {
                await h.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteEvaluation").WithSummary("Delete an evaluation (audited).").RequireAuthorization(Permissions.EffectivenessWrite);
    }
}
