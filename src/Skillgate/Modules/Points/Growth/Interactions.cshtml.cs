using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Growth;

/// <summary>In class: the instructor picks the session and taps +2 or +3 beside whoever asked or answered.</summary>
[Authorize(Policy = Permissions.PointsInteract)]
internal sealed class InteractionsModel(InteractionHandler interactions) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Session { get; set; }

    public IReadOnlyList<(Guid Id, string Title, DateTimeOffset StartsAt)> Sessions { get; private set; } = [];

    public IReadOnlyList<SessionParticipantPoints> People { get; private set; } = [];

    public InteractionDto? Last { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public Task<IActionResult> OnPostAsync(Guid employee, int points, CancellationToken ct) =>
        Attempt(async () =>
        {
            Last = await interactions.AwardAsync(new InteractionInput(Session, employee, points, null), ct);
            await LoadAsync(ct);
            return Page();
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });

    private async Task LoadAsync(CancellationToken ct)
    {
        Sessions = await interactions.RecentSessionsAsync(ct);
        People = Session is { } id ? await interactions.ParticipantsAsync(id, ct) : [];
    }
}
