using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Study;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Recommendations;

/// <summary>My recommended courses, ranked by the gaps they close, each with its reasons; a competence reader opens anyone's in their scope.</summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class IndexModel(RecommendationHandler recommendations, LearningHandler learning, CurrentUser me) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? EmployeeId { get; set; }

    public string? PersonName { get; private set; }

    public bool Mine => PersonName is null;

    public bool HasEmployee { get; private set; }

    public IReadOnlyList<RecommendationDto> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (EmployeeId is { } id && id != me.EmployeeId)
        {
            if (!await CanAsync(Permissions.CompetenceRead))
            {
                return Forbid();
            }

            return await PageOr404Async(async () =>
            {
                var person = await recommendations.VisibleEmployeeAsync(id, ct);
                PersonName = $"{person.Name} · {person.EmployeeNo}";
                HasEmployee = true;
                Items = await recommendations.ForEmployeeAsync(id, ct);
            });
        }

        await LoadMineAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostEnrollAsync(Guid courseId, CancellationToken ct) =>
        ChangeAsync(Permissions.LearnSelf, () => learning.EnrollSelfAsync(courseId, ct), $"/Learning/Study?courseId={courseId}", () => LoadMineAsync(ct));

    private async Task LoadMineAsync(CancellationToken ct)
    {
        EmployeeId = null;
        HasEmployee = me.EmployeeId is not null;
        Items = HasEmployee ? await recommendations.MineAsync(ct) : [];
    }
}
