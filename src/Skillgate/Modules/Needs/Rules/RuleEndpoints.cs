using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Needs.Rules;

internal static class RuleEndpoints
{
    public static void MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var config = app.MapGroup("/api/v1/need-rules").WithTags("Needs: configuration");
        config.MapGet("/", (RuleHandler h, CancellationToken ct) => h.RulesAsync(ct))
            .WithName("ListNeedRules").WithSummary("The analysis rules.").RequireAuthorization(Permissions.NeedsRead);
        config.MapPost("/", (RuleInput input, RuleHandler h, CancellationToken ct) => h.SaveRuleAsync(null, input, ct))
            .WithName("CreateNeedRule").WithSummary("Add a rule: trend, control_chart, audit_clause, complaint, self_declared, planned_change or check_failures.").RequireAuthorization(Permissions.NeedsConfigure);
        config.MapPut("/{id:guid}", (Guid id, RuleInput input, RuleHandler h, CancellationToken ct) => h.SaveRuleAsync(id, input, ct))
            .WithName("UpdateNeedRule").WithSummary("Change a rule (or switch it off).").RequireAuthorization(Permissions.NeedsConfigure);
        config.MapGet("/mappings", (RuleHandler h, CancellationToken ct) => h.MappingsAsync(ct))
            .WithName("ListNeedMappings").WithSummary("Defect types, clauses, equipment and checklist codes mapped to courses and skills.").RequireAuthorization(Permissions.NeedsRead);
        config.MapPost("/mappings", (MappingInput input, RuleHandler h, CancellationToken ct) => h.AddMappingAsync(input, ct))
            .WithName("CreateNeedMapping").WithSummary("Map a defect type, clause (8.5 covers 8.5.1), equipment or checklist code to a course and/or skill.").RequireAuthorization(Permissions.NeedsConfigure);
        config.MapDelete("/mappings/{id:guid}", async (Guid id, RuleHandler h, CancellationToken ct) =>
            {
                await h.RemoveMappingAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteNeedMapping").WithSummary("Remove a mapping.").RequireAuthorization(Permissions.NeedsConfigure);
        config.MapGet("/planned-changes", (RuleHandler h, CancellationToken ct) => h.ChangesAsync(ct))
            .WithName("ListPlannedChanges").WithSummary("New equipment or processes with their go-live dates.").RequireAuthorization(Permissions.NeedsRead);
        config.MapPost("/planned-changes", (PlannedChangeInput input, RuleHandler h, CancellationToken ct) => h.AddChangeAsync(input, ct))
            .WithName("CreatePlannedChange").WithSummary("Announce new equipment or a process going live: its mapped training is needed before that date.")
            .RequireAuthorization(Permissions.NeedsConfigure);
    }
}
