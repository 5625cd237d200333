using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Anomalies;

[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class IndexModel(AnomalyHandler anomalies) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<AnomalyDto> Anomalies { get; private set; } = [];

    public bool CanReview { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string source, Guid recordId, string flag, string decision, string? comment, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, () => anomalies.ReviewAsync(new ReviewInput(source, recordId, flag, decision, comment), ct), "/Training/Anomalies", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Anomalies = await anomalies.ListAsync(!All, ct);
        CanReview = await CanAsync(Permissions.TrainingWrite);
    }
}
