using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Quality.Attribution;

internal static class AttributionEndpoints
{
    public static void MapAttributionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/quality").WithTags("Quality: attribution");
        group.MapGet("/attribution", (string? q, string? filter, int? page, int? pageSize, AttributionHandler h, CancellationToken ct) => h.ListAsync(q, filter, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListDefectAttribution").WithSummary("Defects in the caller's scope with the attribution in force (controllable or the responsible function); filter: controllable, uncontrollable, decided, undecided.")
            .RequireAuthorization(Permissions.QualityRead);
        group.MapGet("/defects/{id:guid}/attribution", (Guid id, AttributionHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetDefectAttribution").WithSummary("A defect's attribution and every decision QA took on it.").RequireAuthorization(Permissions.QualityRead);
        group.MapPost("/defects/{id:guid}/attribution", (Guid id, AttributeInput input, AttributionHandler h, CancellationToken ct) => h.DecideAsync(id, input, ct))
            .WithName("AttributeDefect").WithSummary("QA confirms or changes a defect's cause and classification, with evidence to take it off its operator; appended to the history.")
            .RequireAuthorization(Permissions.QualityAttribute);
        group.MapGet("/defects/{id:guid}/disputes", (Guid id, DisputeHandler h, CancellationToken ct) => h.ListAsync(id, ct))
            .WithName("ListDefectDisputes").WithSummary("Production's disputes of a defect's attribution, as DEFECT-DISPUTE workflow instances.").RequireAuthorization(Permissions.QualityRead);
        group.MapPost("/defects/{id:guid}/disputes", (Guid id, DisputeInput input, DisputeHandler h, CancellationToken ct) => h.StartAsync(id, input, ct))
            .WithName("DisputeDefect").WithSummary("Production disputes a defect's attribution, claiming another cause: QA decides through the DEFECT-DISPUTE workflow, with a time limit and escalation; one open dispute per defect.")
            .RequireAuthorization(Permissions.QualityDispute);
        group.MapGet("/cause-policy", (AttributionHandler h, CancellationToken ct) => h.PolicyAsync(ct))
            .WithName("GetCausePolicy").WithSummary("Which 5M1E causes are controllable, and which function answers for the others.").RequireAuthorization(Permissions.QualityRead);
        group.MapPut("/cause-policy", (List<CausePolicyInput> items, AttributionHandler h, CancellationToken ct) => h.SavePolicyAsync(items, ct))
            .WithName("SaveCausePolicy").WithSummary("Change the cause policy from now on; closed KPI periods keep the policy they were scored with.")
            .RequireAuthorization(Permissions.QualityAttribute);
    }
}
