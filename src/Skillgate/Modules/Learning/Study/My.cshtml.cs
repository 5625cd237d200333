using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Study;

/// <summary>"My learning" on a phone: assigned and recommended courses, progress, exams to continue, certificates.</summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class MyModel(LearningHandler learning, CurrentUser me) : SkillgatePage
{
    public MyLearning? Mine { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (me.EmployeeId is not null)
        {
            Mine = await learning.MineAsync(ct);
        }
    }

    public Task<IActionResult> OnPostEnrollAsync(Guid courseId, CancellationToken ct) =>
        ChangeAsync(Permissions.LearnSelf, () => learning.EnrollSelfAsync(courseId, ct), $"/Learning/Study?courseId={courseId}", () => OnGetAsync(ct));
}
