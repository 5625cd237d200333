using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Workflow.Definitions;

internal static class DefinitionEndpoints
{
    public static void MapDefinitionEndpoints(this IEndpointRouteBuilder app)
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
    }
}
