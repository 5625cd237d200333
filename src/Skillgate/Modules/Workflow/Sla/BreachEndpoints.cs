using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Workflow.Sla;

internal static class BreachEndpoints
{
    public static void MapBreachEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/workflow/breaches", (string? function, bool? open, int? page, int? pageSize, InstanceReader h, CancellationToken ct) =>
                h.BreachesAsync(function, open ?? false, page ?? 1, pageSize ?? 50, ct))
            .WithTags("Workflow: SLA").WithName("ListSlaBreaches").WithSummary("Steps that ran past their limit, charged to the responsible department function.").RequireAuthorization(Permissions.WorkflowRead);
        app.MapGet("/api/v1/workflow/breaches/export", async (string? function, bool? open, InstanceReader h, DefinitionHandler definitions, Texts t, CancellationToken ct) =>
            {
                var rows = await XlsxFile.AllPagesAsync(async n => (await h.BreachesAsync(function, open ?? false, n, 200, ct)) is var p ? (p.Items, p.Total) : default);
                var functions = await definitions.FunctionNamesAsync(ct);
                return TypedResults.File(XlsxFile.Create(t["workflow.breaches"],
                    [t["workflow.number"], t["workflow.instance_title"], t["workflow.step"], t["workflow.function"], t["workflow.unit"], t["workflow.due"], t["workflow.done"], t["workflow.hours_late"]],
                    rows.Select(b => new object?[] { b.Number, b.Title, b.StepName, functions.GetValueOrDefault(b.Function, b.Function), b.OrgUnitName, b.DueAt, b.DoneAt, b.HoursLate })),
                    XlsxFile.ContentType, "sla-breaches.xlsx");
            })
            .WithTags("Workflow: SLA").WithName("ExportSlaBreaches").WithSummary("The SLA breaches with the same filters as an .xlsx workbook.").RequireAuthorization(Permissions.WorkflowRead);
        app.MapGet("/api/v1/workflow/breaches/summary", (InstanceReader h, CancellationToken ct) => h.BreachSummaryAsync(ct))
            .WithTags("Workflow: SLA").WithName("SlaBreachSummary").WithSummary("Per department function: breaches, still open, done on time.").RequireAuthorization(Permissions.WorkflowRead);
    }
}
