using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Quality.Checks;

internal static class CheckEndpoints
{
    public static void MapCheckEndpoints(this IEndpointRouteBuilder app)
    {
        var checks = app.MapGroup("/api/v1/supervision").WithTags("Quality: supervision checks");
        checks.MapGet("/checklists", (bool? includeInactive, Checks.CheckHandler h, CancellationToken ct) => h.ChecklistsAsync(includeInactive ?? false, ct))
            .WithName("ListChecklists").WithSummary("QA checklists per operation or standard.").RequireAuthorization(Permissions.QualityRead);
        checks.MapPost("/checklists", async (ChecklistInput input, Checks.CheckHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateChecklistAsync(input, ct);
                return TypedResults.Created($"/api/v1/supervision/checklists/{created.Id}", created);
            })
            .WithName("CreateChecklist").WithSummary("Add a checklist with its items (1–100).").RequireAuthorization(Permissions.Supervise);
        checks.MapPost("/checklists/{id:guid}/deactivate", async (Guid id, Checks.CheckHandler h, CancellationToken ct) =>
            {
                await h.DeactivateChecklistAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateChecklist").WithSummary("Stop using a checklist (its checks stay).").RequireAuthorization(Permissions.Supervise);
        checks.MapGet("/checks", (string? q, int? page, int? pageSize, Checks.CheckHandler h, CancellationToken ct) => h.ListAsync(q, page ?? 1, pageSize ?? 50, null, ct))
            .WithName("ListChecks").WithSummary("Supervision checks in the caller's scope, newest first.").RequireAuthorization(Permissions.QualityRead);
        checks.MapPost("/checks", async (CheckInput input, Checks.CheckHandler h, CancellationToken ct) =>
            {
                var created = await h.PerformAsync(input, ct);
                return TypedResults.Created($"/api/v1/supervision/checks/{created.Id}", created);
            })
            .WithName("PerformCheck").WithSummary("Record a check of an employee (pass/fail, comment, photo per item); raiseNeed turns failed items into a training need.")
            .RequireAuthorization(Permissions.Supervise);
    }
}
