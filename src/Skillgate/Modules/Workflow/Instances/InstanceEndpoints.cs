using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Workflow.Instances;

internal static class InstanceEndpoints
{
    public static void MapInstanceEndpoints(this IEndpointRouteBuilder app)
    {
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
    }
}
