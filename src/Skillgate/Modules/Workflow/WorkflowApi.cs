using Skillgate.Modules.Workflow.Calendars;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Definitions;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Workflow;

internal static class WorkflowApi
{
    public static void MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        var definitions = app.MapGroup("/api/v1/workflow/definitions").WithTags("Workflow: definitions");
        definitions.MapGet("/", (DefinitionHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListWorkflowDefinitions").WithSummary("The processes: built-in (MOC, CAPA, NEED-PLAN) and added ones, with their published version.").RequireAuthorization(Permissions.WorkflowRead);
        definitions.MapPost("/", (NewDefinitionInput input, DefinitionHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateWorkflowDefinition").WithSummary("Add a process (with a one-step draft to edit).").RequireAuthorization(Permissions.WorkflowDesign);
        definitions.MapGet("/{code}", (string code, DefinitionHandler h, CancellationToken ct) => h.GetAsync(code, ct))
            .WithName("GetWorkflowDefinition").WithSummary("A process with every version's steps.").RequireAuthorization(Permissions.WorkflowRead);
        definitions.MapPut("/{code}/draft", (string code, DraftInput input, DefinitionHandler h, CancellationToken ct) => h.SaveDraftAsync(code, input, ct))
            .WithName("SaveWorkflowDraft").WithSummary("Save the steps of the draft version: responsible role and function, time limit, escalation chain, form, signature, outcomes.")
            .RequireAuthorization(Permissions.WorkflowDesign);
        definitions.MapPost("/{code}/publish", (string code, DefinitionHandler h, CancellationToken ct) => h.PublishAsync(code, ct))
            .WithName("PublishWorkflowDraft").WithSummary("Publish the draft: new instances use it; running instances keep their version.").RequireAuthorization(Permissions.WorkflowDesign);
        definitions.MapGet("/{code}/raci", (string code, DefinitionHandler h, CancellationToken ct) => h.RaciAsync(code, ct))
            .WithName("GetWorkflowRaci").WithSummary("The responsibility map of the process as a RACI table.").RequireAuthorization(Permissions.WorkflowRead);

        var calendars = app.MapGroup("/api/v1/workflow/calendars").WithTags("Workflow: calendars and directors");
        calendars.MapGet("/", (CalendarHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListWorkingCalendars").WithSummary("Working calendars (hours, weekdays, holidays, make-up days); a unit uses its nearest one.").RequireAuthorization(Permissions.WorkflowRead);
        calendars.MapPost("/", async (CalendarInput input, CalendarHandler h, CancellationToken ct) => new { Id = await h.SaveAsync(null, input, ct) })
            .WithName("CreateWorkingCalendar").WithSummary("A calendar for an org unit and its subtree.").RequireAuthorization(Permissions.WorkflowDesign);
        calendars.MapPut("/{id:guid}", async (Guid id, CalendarInput input, CalendarHandler h, CancellationToken ct) => new { Id = await h.SaveAsync(id, input, ct) })
            .WithName("UpdateWorkingCalendar").WithSummary("Change a calendar's hours and weekdays (version for concurrency).").RequireAuthorization(Permissions.WorkflowDesign);
        calendars.MapPut("/{id:guid}/days", async (Guid id, CalendarDayInput input, CalendarHandler h, CancellationToken ct) =>
            {
                await h.SetDayAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("SetCalendarDay").WithSummary("Mark a holiday (working false) or a make-up working day (true).").RequireAuthorization(Permissions.WorkflowDesign);
        calendars.MapDelete("/{id:guid}/days/{day}", async (Guid id, DateOnly day, CalendarHandler h, CancellationToken ct) =>
            {
                await h.RemoveDayAsync(id, day, ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveCalendarDay").WithSummary("Make a day ordinary again.").RequireAuthorization(Permissions.WorkflowDesign);
        var directors = app.MapGroup("/api/v1/workflow/directors").WithTags("Workflow: calendars and directors");
        directors.MapGet("/", (CalendarHandler h, CancellationToken ct) => h.DirectorsAsync(ct))
            .WithName("ListFunctionDirectors").WithSummary("Who heads each department function for an org unit's subtree (the end of escalation chains).").RequireAuthorization(Permissions.WorkflowRead);
        directors.MapPut("/", async (DirectorInput input, CalendarHandler h, CancellationToken ct) =>
            {
                await h.SetDirectorAsync(input, ct);
                return TypedResults.NoContent();
            })
            .WithName("SetFunctionDirector").WithSummary("Name the director of a function for an org unit.").RequireAuthorization(Permissions.WorkflowDesign);
        directors.MapDelete("/{orgUnitId:guid}/{function}", async (Guid orgUnitId, string function, CalendarHandler h, CancellationToken ct) =>
            {
                await h.RemoveDirectorAsync(orgUnitId, function, ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveFunctionDirector").WithSummary("Remove a director.").RequireAuthorization(Permissions.WorkflowDesign);

        var instances = app.MapGroup("/api/v1/workflow/instances").WithTags("Workflow: instances");
        instances.MapGet("/", (string? status, string? definition, string? q, bool? overdue, int? page, int? pageSize, InstanceReader h, CancellationToken ct) =>
                h.ListAsync(status, definition, q, overdue ?? false, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListWorkflowInstances").WithSummary("Instances in the caller's scope: open and overdue first.").RequireAuthorization(Permissions.WorkflowRead);
        instances.MapPost("/", (StartInput input, InstanceHandler h, CancellationToken ct) => h.StartAsync(input, ct))
            .WithName("StartWorkflow").WithSummary("Start a process: the caller must hold the first step's role and fills its form.").RequireAuthorization(Permissions.WorkflowAct);
        instances.MapGet("/{id:guid}", (Guid id, InstanceReader h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetWorkflowInstance").WithSummary("An instance with its full history: every step's who and when, forms, comments, escalations.").RequireAuthorization(Permissions.WorkflowRead);
        instances.MapPost("/{id:guid}/tasks/{taskId:guid}/claim", (Guid id, Guid taskId, InstanceHandler h, CancellationToken ct) => h.ClaimAsync(id, taskId, ct))
            .WithName("ClaimWorkflowTask").WithSummary("Take the open task (403 when the caller is not responsible for it).").RequireAuthorization(Permissions.WorkflowAct);
        instances.MapPost("/{id:guid}/tasks/{taskId:guid}/complete", (Guid id, Guid taskId, CompleteInput input, InstanceHandler h, CancellationToken ct) => h.CompleteAsync(id, taskId, input, ct))
            .WithName("CompleteWorkflowTask").WithSummary("Approve, reject or return the open task with its form (403 when the caller is not responsible for it).")
            .RequireAuthorization(Permissions.WorkflowAct);
        instances.MapPost("/{id:guid}/notes", (Guid id, NoteInput input, InstanceHandler h, CancellationToken ct) => h.AddNoteAsync(id, input, ct))
            .WithName("CommentWorkflowInstance").WithSummary("Add a comment, optionally with an uploaded file.").RequireAuthorization(Permissions.WorkflowAct);

        app.MapGet("/api/v1/workflow/tasks/mine", (InstanceReader h, CancellationToken ct) => h.MyTasksAsync(ct))
            .WithTags("Workflow: instances").WithName("MyWorkflowTasks").WithSummary("The caller's inbox: open tasks they may complete, overdue first.").RequireAuthorization(Permissions.WorkflowRead);
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
