using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Store;

/// <summary>HR's and department heads' queue of redemptions in their scope: approve, fulfil, or reject with a note.</summary>
[Authorize(Policy = Permissions.PointsApprove)]
internal sealed class RequestsModel(StoreHandler store) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<RedemptionDto> Requests { get; private set; } = new([], 0, 1, 50);

    public PagerModel Pager => new(Requests.PageNumber, Requests.PageCount, Requests.Total, p => $"/Points/Store/Requests?status={Uri.EscapeDataString(Status ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct) => Requests = await store.ListAsync(Status, PageNumber, 50, ct);

    public Task<IActionResult> OnPostAsync(Guid id, string? decision, string? note, CancellationToken ct) =>
        ChangeAsync(Permissions.PointsApprove, async () => await store.DecideAsync(id, new RedemptionDecision(decision, note), ct),
            $"/Points/Store/Requests?status={Uri.EscapeDataString(Status ?? "")}", async () => Requests = await store.ListAsync(Status, PageNumber, 50, ct));
}
