using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Attribution;

/// <summary>
/// QA upholds a dispute: the cause production claimed becomes the defect's attribution, with QA's evidence and decision as the
/// note. Only someone who may attribute defects decides, whichever step a definition puts this on.
/// </summary>
internal sealed class DisputeAction(AttributionHandler attribution, CurrentUser me, IAuthorizationService authorization, Texts t) : IWorkflowStepAction
{
    public string Name => "defect_dispute";

    public async Task RunAsync(WorkflowStepContext context, CancellationToken ct)
    {
        if (context.Subject is not { Type: "defect" } subject)
        {
            throw new RuleViolationException("dispute_without_defect", t["dispute.no_defect"]);
        }

        if (!(await authorization.AuthorizeAsync(me.Principal, Permissions.QualityAttribute)).Succeeded)
        {
            throw new ForbiddenException("dispute_qa_only", t["dispute.qa_only"]);
        }

        var claimed = context.Data.Values.Select(d => d.GetValueOrDefault("cause")).FirstOrDefault(c => c is not null);
        var decided = context.Data.GetValueOrDefault(context.StepKey) ?? [];
        var decision = decided.GetValueOrDefault("decision") ?? "";
        var reference = decided.GetValueOrDefault("evidenceRef");
        new Validation().MaxLength("decision", decision, 1900, t["validation.max_length", 1900]).MaxLength("evidenceRef", reference, 200, t["validation.max_length", 200]).ThrowIfInvalid();
        await attribution.RecordAsync(subject.Id, new AttributeInput(
            claimed, null, null, decided.GetValueOrDefault("evidenceKind"), reference, $"{context.Number}: {decision}"), ct);
    }
}
