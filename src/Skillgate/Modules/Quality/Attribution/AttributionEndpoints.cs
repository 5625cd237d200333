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
        group.MapGet("/cause-policy", (AttributionHandler h, CancellationToken ct) => h.PolicyAsync(ct))
            .WithName("GetCausePolicy").WithSummary("Which 5M1E causes are controllable, and which function answers for the others.").RequireAuthorization(Permissions.QualityRead);
        group.MapPut("/cause-policy", (List<CausePolicyInput> items, AttributionHandler h, CancellationToken ct) => h.SavePolicyAsync(items, ct))
            .WithName("SaveCausePolicy").WithSummary("Change the cause policy from now on; closed KPI periods keep the policy they were scored with.")
            .RequireAuthorization(Permissions.QualityAttribute);
    }
}
