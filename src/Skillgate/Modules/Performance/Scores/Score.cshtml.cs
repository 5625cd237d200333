using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Scores;

/// <summary>A score and the records it was computed from; a person may open their own.</summary>
[Authorize(Policy = Permissions.KpiSelf)]
internal sealed class ScoreModel(ScoreHandler scores, CurrentUser me) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public KpiDrillDown? Drill { get; private set; }

    public bool CanTrace { get; private set; }

    public PagerModel Pager => new(Drill!.PageNumber, (int)Math.Max(1, (Drill.Total + Drill.PageSize - 1) / Drill.PageSize), Drill.Total, p => $"/Performance/Scores/Score?id={Id}&page={p}");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var reader = await CanAsync(Permissions.KpiRead);
        CanTrace = await CanAsync(Permissions.QualityRead);
        return await PageOr404Async(async () =>
        {
            var score = await scores.GetAsync(Id, ct);
            if (!reader && !(score.SubjectKind == "person" && score.SubjectId == me.EmployeeId))
            {
                throw new NotFoundException("");
            }

            Drill = await scores.DrillAsync(Id, PageNumber, 50, ct);
        });
    }
}
