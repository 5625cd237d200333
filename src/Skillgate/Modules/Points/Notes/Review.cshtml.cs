using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Notes;

/// <summary>Notes waiting for the caller (an instructor of the course, or HR): approve with points, or return with a reason.</summary>
[Authorize(Policy = Permissions.PointsInteract)]
internal sealed class ReviewModel(NoteHandler notes) : SkillgatePage
{
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<NoteDto> Waiting { get; private set; } = new([], 0, 1, 20);

    public PagerModel Pager => new(Waiting.PageNumber, Waiting.PageCount, Waiting.Total, p => $"/Points/Notes/Review?page={p}");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(Guid id, string? decision, int? points, string? reason, DateTimeOffset? seen, CancellationToken ct) =>
        ChangeAsync(Permissions.PointsInteract, () => notes.DecideAsync(id, new NoteDecision(decision, points, reason, seen), ct), $"/Points/Notes/Review?page={PageNumber}", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct) => Waiting = await notes.WaitingAsync(PageNumber, 20, ct);
}
