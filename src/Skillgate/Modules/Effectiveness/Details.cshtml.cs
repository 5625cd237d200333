using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Modules.Effectiveness.Evaluations;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Effectiveness;

[Authorize(Policy = Permissions.EffectivenessRead)]
internal sealed class DetailsModel(EvaluationHandler evaluations, Texts t) : SkillgatePage
{
    public EvaluationDto Evaluation { get; private set; } = null!;

    public bool CanDelete { get; private set; }

    public bool Print { get; private set; }

    public string Verdict => EvaluationText.Verdict(Evaluation, t);

    public string EventChart => EffectCharts.EventStudy(Evaluation.Result.EventStudy, t["effect.estimate"], t["effect.band"], t["effect.training"]);

    public string ParticipationChart => EffectCharts.ParticipationVsEffect(
        Evaluation.Result.Diagnostics.Where(d => d.Dimension == "department"), t["effect.participation"], t["effect.estimate_pp"]);

    public async Task<IActionResult> OnGetAsync(Guid id, bool print, CancellationToken ct)
    {
        Print = print;
        CanDelete = await CanAsync(Permissions.EffectivenessWrite);
        return await PageOr404Async(async () => Evaluation = await evaluations.GetAsync(id, ct));
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.EffectivenessWrite))
        {
            return Forbid();
        }

        try
        {
            await evaluations.DeleteAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Flash(t["effect.deleted"]);
        return Redirect("/Effectiveness");
    }
}
