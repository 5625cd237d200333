using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Recommendations;

/// <summary>A head's team: each person in scope with how many requirements are not in order and the first courses that would close them.</summary>
[Authorize(Policy = Permissions.CompetenceRead)]
internal sealed class TeamModel(RecommendationHandler recommendations) : SkillgatePage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<TeamRecommendationDto> Result { get; private set; } = new([], 0, 1, PageSize);

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Learning/Recommendations/Team?q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct) => Result = await recommendations.TeamAsync(null, Q, PageNumber, PageSize, ct);
}
